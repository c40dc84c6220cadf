fn main() -> std::process::ExitCode {
    consul_ls::cli::main()
}
