package main

import "github.com/stegvis/stegvis/designer/compiler"

func pdfRenderer() compiler.PDFRenderer { return nil }
