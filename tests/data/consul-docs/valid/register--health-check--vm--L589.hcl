check = {
  id = "web-alias"
  alias_service = "web"
}
