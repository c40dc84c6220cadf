ports = {
   https = 8501
   http = -1
}
