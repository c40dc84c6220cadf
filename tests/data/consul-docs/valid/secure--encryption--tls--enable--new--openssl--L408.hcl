ui = true
client_addr = "0.0.0.0"
enable_script_checks = false
disable_remote_exec = true
