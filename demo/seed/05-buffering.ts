// ❌ Slow - multiple syscalls
socket.write("h"); socket.write("e"); socket.write("l");

// ✅ Fast - single syscall
socket.write("hello");
