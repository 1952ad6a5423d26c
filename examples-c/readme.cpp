// check.cpp: can the engine that made HOST.cwasm load ARTIFACT.cwasm here?
#include <aotcompat.hpp>
#include <iostream>

int main(int argc, char **argv) {
    if (argc != 3) {
        std::cerr << "usage: " << argv[0] << " ARTIFACT.cwasm HOST.cwasm\n";
        return 2;
    }
    try {
        aotcompat::engine host = aotcompat::engine::from_artifact_file(argv[2]);
        aotcompat::report report = host.check_file(argv[1]);
        if (report.compatible()) {
            std::cout << "compatible\n";
            return 0;
        }
        for (const aotcompat::mismatch &m : report) {
            std::cout << m.category_name << ' ' << m.field << ": " << m.message << '\n';
        }
        return 1;
    } catch (const aotcompat::error &e) {
        std::cerr << "error " << e.status() << " (" << e.status_text() << "): " << e.what() << '\n';
        return 2;
    }
}
