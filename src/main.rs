/// The trees of a large workspace are millions of small allocations; mimalloc serves them faster and with less
/// fragmentation than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    consul_ls::cli::main()
}
