module github.com/sigv4kit/sigv4kit/bindings-c/go

go 1.19
