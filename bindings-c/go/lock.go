package sigv4kit

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// lockStripes is how many read locks a Signer spreads its readers over.
const lockStripes = 8

// stripe is one read lock alone on its cache lines (128 bytes: a line and
// the neighbour that x86 prefetches with it), so that two threads taking
// different stripes never write the same line. The padding comes first, so
// that the first stripe is apart from the fields before it too.
type stripe struct {
	_ [128 - unsafe.Sizeof(sync.RWMutex{})]byte
	sync.RWMutex
}

// stripedLock is a readers-writer lock for the hot path of signing: every
// signature takes a read lock, and one RWMutex would make each of them
// write the same cache line (its reader count) from every thread, which
// costs two threads signing at once more than the lock itself does. A
// reader takes one stripe (the one its pooled scratch names, and sync.Pool
// keeps scratch per thread); a writer (Close, SetCredentials) takes all.
type stripedLock struct {
	stripes [lockStripes]stripe
}

// rlock read-locks stripe i (any number; it is reduced modulo the count)
// and returns the lock to RUnlock.
func (l *stripedLock) rlock(i uint32) *sync.RWMutex {
	m := &l.stripes[i%lockStripes].RWMutex
	m.RLock()
	return m
}

// lock write-locks every stripe, in order, so that writers cannot deadlock.
func (l *stripedLock) lock() {
	for i := range l.stripes {
		l.stripes[i].Lock()
	}
}

func (l *stripedLock) unlock() {
	for i := range l.stripes {
		l.stripes[i].Unlock()
	}
}

// nextStripe numbers pooled scratch objects, spreading them over stripes.
var nextStripe uint32

func newStripe() uint32 {
	return atomic.AddUint32(&nextStripe, 1)
}
