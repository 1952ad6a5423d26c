/*
 * signal_demo: resolve a fault to its owner from inside a signal handler.
 *
 * A runtime that maps compiled code registers each code range with an owner
 * id; when that code faults, its SIGSEGV handler asks the registry "whose
 * code is this, and where in it?". aotcompat_registry_lookup() takes no
 * lock and allocates nothing, so the handler may call it.
 *
 * The demo maps a read-only data page and (on x86_64) a code page holding
 * `mov dword ptr [rdi], 42; ret`, registers both in the global registry,
 * installs a SIGSEGV handler (sigaction, SA_SIGINFO), and calls the code
 * with the data page: the store faults. The handler looks up the fault
 * address (si_addr) and the faulting PC (from the ucontext), then
 * siglongjmps back. Other architectures fault with a plain C store and
 * resolve only the address.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "test_util.h"

#define DATA_OWNER UINT64_C(0xDA7A)
#define CODE_OWNER UINT64_C(0xC0DE)
#define STORE_OFFSET 0x40

static sigjmp_buf recover;

/* What the handler found; written in the handler, read after siglongjmp. */
static volatile sig_atomic_t faults;
static volatile uintptr_t fault_addr;
static volatile uintptr_t fault_pc;
static volatile int addr_found, pc_found;
static volatile uint64_t addr_owner, pc_owner;
static volatile size_t addr_offset, pc_offset;

static uintptr_t pc_of(void *ucontext) {
#if defined(__x86_64__) && defined(__linux__)
    return (uintptr_t)((ucontext_t *)ucontext)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__) && defined(__linux__)
    return (uintptr_t)((ucontext_t *)ucontext)->uc_mcontext.pc;
#else
    (void)ucontext;
    return 0;
#endif
}

static void on_segv(int sig, siginfo_t *info, void *ucontext) {
    (void)sig;
    const aotcompat_registry *registry = aotcompat_registry_global();
    uint64_t owner = 0;
    size_t offset = 0;

    faults++;
    fault_addr = (uintptr_t)info->si_addr;
    addr_found = aotcompat_registry_lookup(registry, fault_addr, &owner, &offset);
    addr_owner = owner;
    addr_offset = offset;

    fault_pc = pc_of(ucontext);
    owner = 0;
    offset = 0;
    pc_found = fault_pc != 0 && aotcompat_registry_lookup(registry, fault_pc, &owner, &offset);
    pc_owner = owner;
    pc_offset = offset;

    siglongjmp(recover, 1);
}

typedef void (*store_fn)(volatile int *target);

/* Stores 42 at `target`, through `store` when there is one; the handler
 * brings control back here. Kept apart so no local of main() lives across
 * the siglongjmp. */
static void fault_once(store_fn store, volatile int *target) {
    if (sigsetjmp(recover, 1) == 0) {
        if (store) {
            store(target);
        } else {
            *target = 42;
        }
        printf("signal_demo: the store did not fault\n");
    }
}

int main(void) {
    aotcompat_error *err = NULL;
    aotcompat_registry *registry = aotcompat_registry_global();
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    /* A read-only data page: storing into it faults. */
    unsigned char *data = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(data != MAP_FAILED);
    if (data == MAP_FAILED) {
        return test_summary("signal_demo");
    }
    CHECK_STATUS(aotcompat_registry_register(registry, (uintptr_t)data, page, DATA_OWNER, &err), AOTCOMPAT_STATUS_OK,
                 &err);

    /* A real code page (x86_64): the store instruction lives in it. */
    unsigned char *code = NULL;
#if defined(__x86_64__)
    static const unsigned char store_42[] = {0xc7, 0x07, 0x2a, 0x00, 0x00, 0x00, /* mov dword [rdi], 42 */
                                             0xc3};                              /* ret */
    code = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code != MAP_FAILED) {
        memcpy(code, store_42, sizeof store_42);
        if (mprotect(code, page, PROT_READ | PROT_EXEC) != 0) {
            printf("signal_demo: cannot make a code page executable here; resolving the address only\n");
            munmap(code, page);
            code = NULL;
        }
    } else {
        code = NULL;
    }
    if (code) {
        CHECK_STATUS(aotcompat_registry_register(registry, (uintptr_t)code, page, CODE_OWNER, &err),
                     AOTCOMPAT_STATUS_OK, &err);
    }
#endif

    struct sigaction action, previous;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_segv;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    CHECK(sigaction(SIGSEGV, &action, &previous) == 0);

    volatile int *target = (volatile int *)(data + STORE_OFFSET);
    store_fn store = NULL;
    if (code) {
        void *entry = code;
        memcpy(&store, &entry, sizeof store); /* object to function pointer, as dlsym users do */
    }
    fault_once(store, target);
    CHECK(sigaction(SIGSEGV, &previous, NULL) == 0);

    printf("signal_demo: %d fault(s); address %#lx -> %s owner %#llx offset %#zx\n", (int)faults,
           (unsigned long)fault_addr, addr_found ? "found," : "NOT FOUND", (unsigned long long)addr_owner,
           (size_t)addr_offset);
    CHECK(faults == 1);
    CHECK(fault_addr == (uintptr_t)target);
    CHECK(addr_found && addr_owner == DATA_OWNER && addr_offset == STORE_OFFSET);
    if (code) {
        printf("signal_demo: pc %#lx -> %s owner %#llx offset %#zx\n", (unsigned long)fault_pc,
               pc_found ? "found," : "NOT FOUND", (unsigned long long)pc_owner, (size_t)pc_offset);
        CHECK(pc_found && pc_owner == CODE_OWNER && pc_offset == 0);
    }
    /* An address nobody registered resolves to nothing. */
    CHECK(!aotcompat_registry_lookup(registry, (uintptr_t)&faults, NULL, NULL));

    CHECK_STATUS(aotcompat_registry_unregister(registry, (uintptr_t)data, &err), AOTCOMPAT_STATUS_OK, &err);
    munmap(data, page);
    if (code) {
        CHECK_STATUS(aotcompat_registry_unregister(registry, (uintptr_t)code, &err), AOTCOMPAT_STATUS_OK, &err);
        munmap(code, page);
    }
    aotcompat_error_free(err);
    return test_summary("signal_demo");
}
