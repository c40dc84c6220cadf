Kind      = "proxy-defaults"
Name      = "global"
AccessLogs {
  Enabled = true
}
