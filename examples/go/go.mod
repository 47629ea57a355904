module github.com/sigv4kit/sigv4kit/examples/go

go 1.19

require github.com/sigv4kit/sigv4kit/bindings-c/go v0.0.0

replace github.com/sigv4kit/sigv4kit/bindings-c/go => ../../bindings-c/go
