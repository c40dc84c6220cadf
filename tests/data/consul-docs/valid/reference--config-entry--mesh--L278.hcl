Kind = "mesh"
HTTP {
  Incoming {
    RequestNormalization {
      InsecureDisablePathNormalization = false // default false, shown for completeness
      MergeSlashes = true
      PathWithEscapedSlashesAction = "UNESCAPE_AND_FORWARD"
      HeadersWithUnderscoresAction = "REJECT_REQUEST"
    }
  }
}
