socket.write(data);           // Send data
socket.end();                 // Close gracefully
socket.terminate();           // Close immediately
socket.flush();               // Flush buffer
socket.timeout(seconds);      // Set timeout
socket.ref() / socket.unref();
