/// The trees of a large workspace are millions of small allocations; mimalloc serves them faster and with less
/// fragmentation than the system allocator.
/// Wrapped in a counter that stays off (one relaxed load per allocation) except under the test hooks, where the
/// soak test reads the live heap through it (`consul_ls::memory`).
#[global_allocator]
static GLOBAL: consul_ls::memory::Counting<mimalloc::MiMalloc> = consul_ls::memory::Counting(mimalloc::MiMalloc);

fn main() -> std::process::ExitCode {
    if std::env::var_os("CONSUL_LS_TEST_HOOKS").is_some() {
        consul_ls::memory::enable();
    }
    consul_ls::cli::main()
}
