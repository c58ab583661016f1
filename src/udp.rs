//! UDP sockets (`Bun.udpSocket`): bound synchronously like listeners,
//! read on the runtime in batches (`recvmmsg(2)`), written on the JS
//! thread (`sendto(2)`, `sendmmsg(2)`), like TCP.
//!
//! Each datagram reaches JS as one `DATAGRAM` event whose payload is the
//! sender's address (a length byte, then 4 or 16 bytes) followed by the
//! data; `aux` carries the port and flags. Reading is bounded as for TCP:
//! past [`READ_BUDGET`] undelivered bytes a socket stops reading, and the
//! kernel drops what overflows its buffer, as UDP does.

use std::{
  io,
  mem::MaybeUninit,
  net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6},
  sync::{
    atomic::{AtomicU32, AtomicUsize, Ordering},
    Arc,
  },
};

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use socket2::{Domain, SockAddr, SockRef, Socket, Type};
use tokio::{
  io::{unix::AsyncFd, Interest},
  sync::Notify,
};

use crate::{
  conn::READ_BUDGET,
  dns,
  errors::OsError,
  pump::{kind, Pump},
  runtime,
};

/// Datagrams read per `recvmmsg(2)` call. (Their room is per I/O thread,
/// and only touched as far as datagrams fill it.)
const BATCH: usize = 64;
/// Room per datagram: the largest UDP payload (65,507 bytes over IPv4,
/// 65,527 over IPv6) fits, so nothing is cut short on loopback.
const DATAGRAM_ROOM: usize = 65_536;

/// JS closed the socket: the task ends.
const CLOSED: u32 = 1 << 0;
/// A send would have blocked: report `DRAIN` once writable.
const WANT_DRAIN: u32 = 1 << 1;

/// `aux` bits of a `DATAGRAM` event above the 16-bit port.
pub const FLAG_TRUNCATED: u32 = 1 << 16;

pub struct UdpCore {
  pub id: u32,
  pump: Arc<Pump>,
  /// Not registered with tokio itself: the task watches it through
  /// private epoll sets ([`Watch`]), one for reading and one for room to
  /// send. `close()` must free the port at once, so it replaces the
  /// socket's file behind the descriptor (dup2); the kernel then drops the
  /// socket from every epoll set by itself. Registered with tokio
  /// directly, tokio's own removal would fail after that and it would
  /// keep its record of the socket (about 400 bytes per closed socket).
  socket: std::net::UdpSocket,
  flags: AtomicU32,
  undelivered: AtomicUsize,
  wake: Notify,
}

/// Binds (and connects, with `connect`), then starts reading.
pub fn bind(
  pump: &Arc<Pump>,
  host: &str,
  port: u16,
  connect: Option<(String, u16)>,
) -> Result<Arc<UdpCore>, OsError> {
  let addrs = dns::resolve(host, port, true).map_err(|_| OsError::errno(libc::ENOENT, "bind"))?;
  let mut last = OsError::errno(libc::EADDRNOTAVAIL, "bind");
  let mut bound = None;
  for addr in addrs {
    match bind_one(addr) {
      Ok(socket) => {
        bound = Some(socket);
        break;
      }
      Err(e) => last = e,
    }
  }
  let socket = bound.ok_or(last)?;
  if let Some((host, port)) = connect {
    // A name may resolve to both families ("localhost"): take one the
    // bound socket can reach; an address literal is taken as it is.
    let bound_v4 = socket
      .local_addr()
      .ok()
      .and_then(|a| a.as_socket())
      .is_some_and(|a| a.is_ipv4());
    let targets = dns::resolve(&host, port, false)?;
    let target = targets
      .iter()
      .find(|t| !bound_v4 || t.is_ipv4())
      .or(targets.first())
      .copied()
      .ok_or(OsError::resolver(libc::EAI_NONAME))?;
    socket
      .connect(&target.into())
      .map_err(|e| OsError::from_io(&e, "connect"))?;
  }
  let socket: std::net::UdpSocket = socket.into();
  let _rt = runtime::handle().enter();
  // Level-triggered: a wake-up reads until the socket is drained, and a
  // socket left unread while JS catches up reports again when asked.
  let reads = Watch::new(socket.as_raw_fd(), libc::EPOLLIN | libc::EPOLLERR)
    .map_err(|e| OsError::from_io(&e, "bind"))?;
  let core = Arc::new(UdpCore {
    id: pump.next_id(),
    pump: pump.clone(),
    socket,
    // Bun reports a new socket writable once (`drain`).
    flags: AtomicU32::new(WANT_DRAIN),
    undelivered: AtomicUsize::new(0),
    wake: Notify::new(),
  });
  if !pump.register_udp(&core) {
    return Err(OsError::errno(libc::ECANCELED, "bind"));
  }
  runtime::handle().spawn(core.clone().serve(reads));
  Ok(core)
}

fn bind_one(addr: SocketAddr) -> Result<Socket, OsError> {
  let socket = Socket::new(
    Domain::for_address(addr),
    Type::DGRAM.nonblocking().cloexec(),
    None,
  )
  .map_err(|e| OsError::from_io(&e, "bind"))?;
  if addr.is_ipv6() {
    // "::" takes IPv4 peers too (they show as ::ffff:a.b.c.d), as in Bun.
    let _ = socket.set_only_v6(false);
  }
  socket
    .bind(&addr.into())
    .map_err(|e| OsError::from_io(&e, "bind"))?;
  // ICMP reports (a port unreachable...) for unconnected sockets too, as
  // Bun asks for them; they are read from the error queue.
  let fd = {
    use std::os::fd::AsRawFd;
    socket.as_raw_fd()
  };
  let _ = setsockopt(fd, libc::IPPROTO_IP, libc::IP_RECVERR, &1i32);
  if addr.is_ipv6() {
    let _ = setsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_RECVERR, &1i32);
  }
  Ok(socket)
}

/// A numeric destination: its IP and, for IPv6, the interface of its zone
/// (`fe80::1%eth0`, `::1%1`; 0 for none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Destination {
  pub ip: IpAddr,
  pub scope: u32,
}

impl Destination {
  pub fn at(self, port: u16) -> SocketAddr {
    match self.ip {
      IpAddr::V6(ip) => SocketAddr::V6(SocketAddrV6::new(ip, port, 0, self.scope)),
      ip => SocketAddr::new(ip, port),
    }
  }
}

impl From<IpAddr> for Destination {
  fn from(ip: IpAddr) -> Self {
    Destination { ip, scope: 0 }
  }
}

/// A destination as Bun takes it: a numeric IP, including the short IPv4
/// forms `inet_aton(3)` accepts ("127.1", "2130706433"), and IPv6 with a
/// zone, by name or number (one no interface has means no zone, as in
/// Bun). No DNS.
pub fn parse_destination(address: &str) -> Option<Destination> {
  // The usual forms, without a C string.
  if let Ok(ip) = address.parse::<IpAddr>() {
    return Some(ip.into());
  }
  if let Some((ip, zone)) = address.split_once('%') {
    let ip = ip.parse::<Ipv6Addr>().ok()?;
    let scope = match zone.parse::<u32>() {
      Ok(index) if interface_exists(index) => index,
      Ok(_) => 0,
      Err(_) => interface_index(zone),
    };
    return Some(Destination {
      ip: IpAddr::V6(ip),
      scope,
    });
  }
  // inet_aton stops at whitespace and ignores the rest; Bun refuses such
  // a text ("127.0.0.1 abc").
  if address.bytes().any(|b| b.is_ascii_whitespace()) {
    return None;
  }
  let text = std::ffi::CString::new(address).ok()?;
  let mut out = libc::in_addr { s_addr: 0 };
  // SAFETY: `text` is a valid C string and `out` a valid in_addr to fill.
  let ok = unsafe { inet_aton(text.as_ptr(), &mut out) };
  (ok != 0).then(|| IpAddr::V4(Ipv4Addr::from(u32::from_be(out.s_addr))).into())
}

/// The interface of an IPv6 multicast request: the group's zone, else the
/// interface argument's, else 0 (the kernel's choice).
fn interface_of(group_scope: u32, iface: Option<Destination>) -> u32 {
  if group_scope != 0 {
    group_scope
  } else {
    iface.map_or(0, |i| i.scope)
  }
}

/// Whether an interface has this index.
fn interface_exists(index: u32) -> bool {
  let mut name = [0 as libc::c_char; libc::IF_NAMESIZE];
  // SAFETY: `name` has the IF_NAMESIZE bytes if_indextoname may write.
  !unsafe { libc::if_indextoname(index, name.as_mut_ptr()) }.is_null()
}

/// The index of the interface named `name`; 0 if there is none.
fn interface_index(name: &str) -> u32 {
  let Ok(name) = std::ffi::CString::new(name) else {
    return 0;
  };
  // SAFETY: `name` is a valid C string for the call.
  unsafe { libc::if_nametoindex(name.as_ptr()) }
}

extern "C" {
  // glibc's; the libc crate does not declare it.
  fn inet_aton(cp: *const libc::c_char, inp: *mut libc::in_addr) -> libc::c_int;
}

/// The address the kernel wrote into `storage`.
fn socket_addr_of(storage: &libc::sockaddr_storage) -> Option<SocketAddr> {
  match storage.ss_family as libc::c_int {
    libc::AF_INET => {
      // SAFETY: the family says the storage holds a sockaddr_in.
      let a = unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
      Some(SocketAddr::new(
        Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr)).into(),
        u16::from_be(a.sin_port),
      ))
    }
    libc::AF_INET6 => {
      // SAFETY: the family says the storage holds a sockaddr_in6.
      let a = unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
      Some(SocketAddr::new(
        Ipv6Addr::from(a.sin6_addr.s6_addr).into(),
        u16::from_be(a.sin6_port),
      ))
    }
    _ => None,
  }
}

thread_local! {
  // Receive buffers, one set per I/O thread (sockets share them: a read
  // is delivered before the next).
  static RECV_ROOM: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl UdpCore {
  fn set(&self, flag: u32) {
    self.flags.fetch_or(flag, Ordering::AcqRel);
    self.wake.notify_one();
  }

  pub fn local_addr(&self) -> Option<SocketAddr> {
    self.socket.local_addr().ok()
  }

  pub fn peer_addr(&self) -> Option<SocketAddr> {
    self.socket.peer_addr().ok()
  }

  pub fn raw_fd(&self) -> i32 {
    self.socket.as_raw_fd()
  }

  pub fn sock_ref(&self) -> SockRef<'_> {
    SockRef::from(&self.socket)
  }

  async fn serve(self: Arc<Self>, reads: Watch) {
    let mut delivered = false;
    // Whether the socket may hold datagrams not yet read (the read watch
    // said so and no read has come back empty since).
    let mut readable = false;
    let mut reads_failed = false;
    // Bun reports a new socket writable once; its send queue is empty.
    if self.flags.fetch_and(!WANT_DRAIN, Ordering::AcqRel) & WANT_DRAIN != 0 {
      self.pump.push(kind::UDP_DRAIN, self.id, 0, &[]);
    }
    let mut room: Option<Watch> = None;
    loop {
      let woken = self.wake.notified();
      let flags = self.flags.load(Ordering::Acquire);
      if flags & CLOSED != 0 || self.pump.is_torn_down() {
        self.pump.unregister_udp(self.id);
        return;
      }
      // Past the budget nothing is read or watched (errors included: they
      // follow the datagrams JS has yet to take) until JS catches up.
      let want_read = self.undelivered.load(Ordering::Acquire) < READ_BUDGET;
      let want_room = flags & WANT_DRAIN != 0;
      if want_room {
        let armed = match &mut room {
          Some(watch) => watch.arm(self.raw_fd(), ROOM_EVENTS),
          None => Watch::new(self.raw_fd(), ROOM_EVENTS).map(|watch| room = Some(watch)),
        };
        if armed.is_err() {
          // Cannot watch (out of descriptors): say writable now; a send
          // that still finds the queue full asks again.
          room = None;
          self.report_room();
          continue;
        }
      }
      tokio::select! {
        biased;
        _ = woken => {}
        waited = async { room.as_ref().expect("armed above").wait().await }, if want_room => {
          if waited.is_err() {
            room = None;
          }
          self.report_room();
        }
        // One batch per turn of the loop, so that closing, the budget and
        // room to send are looked at between batches.
        _ = std::future::ready(()), if want_read && readable => {
          if self.read_batch() > 0 {
            delivered = true;
          } else {
            readable = false;
            if std::mem::take(&mut delivered) {
              // Drained after delivering: give the core to the JS thread
              // (woken for these datagrams) before parking in epoll.
              // Measured on 2 cores against a sender flooding 64-byte
              // datagrams: kernel drops fell from 25-60% to 4-9% of what
              // was sent, and datagrams received per second rose 1.4-2x.
              // (Yielding on every TCP read, or at every park, cost the
              // 50-connection echo 30%: the JS thread's batches got
              // smaller; a UDP server is mostly one busy socket.)
              std::thread::yield_now();
            }
          }
        }
        events = reads.wait(), if want_read && !readable && !reads_failed => match events {
          Ok(events) => {
            if events & libc::EPOLLERR as u32 != 0 {
              self.check_error();
            }
            readable = true;
          }
          // The runtime cannot watch any more (it is shutting down): said
          // once; the socket still sends and closes.
          Err(e) => {
            self.report(&e);
            reads_failed = true;
          }
        },
      }
    }
  }

  /// The send queue has room again: `DRAIN`, once per wait.
  fn report_room(&self) {
    if self.flags.fetch_and(!WANT_DRAIN, Ordering::AcqRel) & WANT_DRAIN != 0 {
      self.pump.push(kind::UDP_DRAIN, self.id, 0, &[]);
    }
  }

  /// Reads up to [`BATCH`] datagrams with one `recvmmsg(2)`; returns how
  /// many (0 once the socket is drained).
  fn read_batch(self: &Arc<Self>) -> usize {
    RECV_ROOM.with(|room| {
      let mut room = room.borrow_mut();
      if room.len() < BATCH * DATAGRAM_ROOM {
        room.resize(BATCH * DATAGRAM_ROOM, 0);
      }
      let fd = self.raw_fd();
      let result = recv_batch(fd, &mut room);
      match result {
        Ok(datagrams) => {
          let total: usize = datagrams.iter().map(|d| d.len).sum();
          self.undelivered.fetch_add(total, Ordering::AcqRel);
          let room = &room[..];
          let n = datagrams.len();
          self.pump.push_datagrams(
            self,
            datagrams.iter().map(|d| {
              let flags = if d.truncated { FLAG_TRUNCATED } else { 0 };
              (
                d.from,
                flags,
                &room[d.index * DATAGRAM_ROOM..d.index * DATAGRAM_ROOM + d.len],
              )
            }),
          );
          n
        }
        Err(e) if e.kind() == io::ErrorKind::WouldBlock || e.kind() == io::ErrorKind::Interrupted => 0,
        // ICMP errors (a port unreachable...) surface here, as in Bun. The
        // report also waits in the error queue (IP_RECVERR), which would
        // raise EPOLLERR next: it is read now, so each error is told once.
        Err(e) => {
          if !self.drain_error_queue() {
            self.report(&e);
          }
          1
        }
      }
    })
  }

  /// The socket reported an error (an ICMP port unreachable...): each
  /// queued report reaches JS (reading them also clears the pending
  /// error, so a later send does not fail with it, as in Bun).
  fn check_error(&self) {
    if !self.drain_error_queue() {
      if let Ok(Some(err)) = self.sock_ref().take_error() {
        self.report(&err);
      }
    }
  }

  /// Reads the socket's error queue (`IP_RECVERR`); returns whether any
  /// report was there.
  fn drain_error_queue(&self) -> bool {
    let fd = self.raw_fd();
    let mut any = false;
    // Bounded: a queue holds at most a socket buffer's worth of reports.
    for _ in 0..64 {
      let mut head = [0u8; 64];
      let mut control = [0u64; 64];
      // SAFETY: sockaddr_storage and msghdr are plain old data; zero is valid.
      let mut name: libc::sockaddr_storage = unsafe { MaybeUninit::zeroed().assume_init() };
      let mut iov = libc::iovec {
        iov_base: head.as_mut_ptr().cast(),
        iov_len: head.len(),
      };
      // SAFETY: as above.
      let mut msg: libc::msghdr = unsafe { MaybeUninit::zeroed().assume_init() };
      msg.msg_name = (&mut name as *mut libc::sockaddr_storage).cast();
      msg.msg_namelen = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
      msg.msg_iov = &mut iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control.as_mut_ptr().cast();
      msg.msg_controllen = std::mem::size_of_val(&control);
      // SAFETY: every pointer in `msg` refers to a live local buffer of the
      // declared size.
      let n = unsafe { libc::recvmsg(fd, &mut msg, libc::MSG_ERRQUEUE | libc::MSG_DONTWAIT) };
      if n < 0 {
        break;
      }
      // SAFETY: the kernel filled `msg`'s control buffer; the CMSG helpers
      // walk it within `msg_controllen`.
      let mut cmsg = unsafe { libc::CMSG_FIRSTHDR(&msg) };
      while !cmsg.is_null() {
        // SAFETY: `cmsg` points at a header inside the control buffer.
        let header = unsafe { &*cmsg };
        let is_report = (header.cmsg_level == libc::IPPROTO_IP && header.cmsg_type == libc::IP_RECVERR)
          || (header.cmsg_level == libc::IPPROTO_IPV6 && header.cmsg_type == libc::IPV6_RECVERR);
        if is_report {
          // SAFETY: a RECVERR message carries a sock_extended_err.
          let report =
            unsafe { std::ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast::<libc::sock_extended_err>()) };
          if report.ee_errno != 0 {
            self.report(&io::Error::from_raw_os_error(report.ee_errno as i32));
            any = true;
          }
        }
        // SAFETY: as for CMSG_FIRSTHDR.
        cmsg = unsafe { libc::CMSG_NXTHDR(&msg, cmsg) };
      }
    }
    any
  }

  fn report(&self, err: &io::Error) {
    let e = OsError::from_io(err, "recv");
    self
      .pump
      .push(kind::UDP_ERROR, self.id, e.code_word, e.syscall.as_bytes());
  }

  /// JS consumed `n` bytes of this socket's datagrams.
  pub fn return_credit(&self, n: usize) {
    let before = self.undelivered.fetch_sub(n, Ordering::AcqRel);
    if before >= READ_BUDGET && before - n < READ_BUDGET {
      self.wake.notify_one();
    }
  }

  // ---- called on the JS thread -------------------------------------------

  /// Sends one datagram now. `Ok(false)`: the kernel queue is full (a
  /// `DRAIN` follows).
  pub fn send(&self, data: &[u8], to: Option<SocketAddr>) -> Result<bool, OsError> {
    // Straight to the kernel: tokio's readiness cache starts out "not
    // writable" and would refuse a fresh socket's first send.
    let sock = self.sock_ref();
    let result = loop {
      let r = match to {
        Some(addr) => sock.send_to_with_flags(data, &SockAddr::from(addr), libc::MSG_DONTWAIT),
        None => sock.send_with_flags(data, libc::MSG_DONTWAIT),
      };
      match r {
        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
        other => break other,
      }
    };
    match result {
      Ok(_) => Ok(true),
      Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
        self.wait_for_room();
        Ok(false)
      }
      Err(e) => Err(OsError::from_io(&e, "send")),
    }
  }

  /// The kernel queue is full: the task watches for room, then reports
  /// `DRAIN`.
  fn wait_for_room(&self) {
    self.set(WANT_DRAIN);
  }

  /// Sends datagrams with `sendmmsg(2)`; returns how many went out (the
  /// rest is dropped, as in Bun, and a `DRAIN` follows if the queue was
  /// full). Fails only when the first datagram is refused (too large, a
  /// family the socket cannot reach...), which Bun throws.
  pub fn send_many(&self, packets: &[(&[u8], Option<SocketAddr>)]) -> io::Result<usize> {
    let mut sent = 0;
    let fd = self.raw_fd();
    while sent < packets.len() {
      let batch = (packets.len() - sent).min(BATCH);
      match send_batch(fd, &packets[sent..]) {
        Ok(n) => {
          sent += n;
          if n < batch {
            // Stopped early: a full queue, or the next datagram refused.
            // Not sent again: a refused one would be reported twice. As in
            // Bun, a short count is always followed by `drain`, so code
            // that waits for it to send the rest does not stall.
            self.wait_for_room();
            break;
          }
        }
        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
          self.wait_for_room();
          break;
        }
        Err(e) if sent == 0 => return Err(e),
        // The rest is dropped, as Bun does; `drain` follows (see above).
        Err(_) => {
          self.wait_for_room();
          break;
        }
      }
    }
    Ok(sent)
  }

  /// Closes now, as Bun does: the port is free when this returns (a
  /// rebind succeeds, a peer's datagram meets no socket). The task still
  /// owns the descriptor number, so the bound socket is swapped for an
  /// unbound one with `dup2(2)`, which closes the original at once; the
  /// task ends and drops the stand-in.
  pub fn close(&self) {
    if self.flags.fetch_or(CLOSED, Ordering::AcqRel) & CLOSED != 0 {
      return;
    }
    if let Ok(stand_in) = Socket::new(Domain::IPV4, Type::DGRAM.nonblocking().cloexec(), None) {
      // SAFETY: both descriptors are open and owned (the stand-in by
      // `stand_in`, dropped after; the original by `self.socket`, which
      // keeps the number and now refers to a copy of the stand-in).
      unsafe { libc::dup2(stand_in.as_raw_fd(), self.raw_fd()) };
    }
    self.wake.notify_one();
  }
}

/// What [`Watch`] asks for room to send: one report per `arm`. A disarmed
/// one-shot entry ignores the socket's write-space signals (UDP gives one
/// each time a sent datagram frees its memory), so a sender is not slowed
/// by wake-ups nobody waits for.
const ROOM_EVENTS: libc::c_int = libc::EPOLLOUT | libc::EPOLLONESHOT;

/// Watches one socket through a private epoll set that holds it, the set
/// itself registered with the runtime. The entry holds no reference to
/// the socket: closing it, or swapping it in `close()`, removes it, and
/// the runtime only ever sees the set, which closes normally.
struct Watch {
  poll: AsyncFd<OwnedFd>,
}

impl Watch {
  /// A new watch of `fd` for `events` (`EPOLL*` bits).
  fn new(fd: i32, events: libc::c_int) -> io::Result<Self> {
    // SAFETY: plain syscall; the result is checked.
    let epfd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    if epfd < 0 {
      return Err(io::Error::last_os_error());
    }
    // SAFETY: `epfd` is a new descriptor that nothing else owns.
    let owned = unsafe { OwnedFd::from_raw_fd(epfd) };
    Self::control(epfd, libc::EPOLL_CTL_ADD, fd, events)?;
    // SAFETY: `owned` is open and keeps referring to this epoll set until
    // the AsyncFd drops it.
    let poll =
      unsafe { AsyncFd::register_with_interest(owned, Interest::READABLE) }.map_err(|e| e.into_parts().1)?;
    Ok(Watch { poll })
  }

  /// Arms a one-shot watch again after it fired.
  fn arm(&mut self, fd: i32, events: libc::c_int) -> io::Result<()> {
    Self::control(self.poll.as_raw_fd(), libc::EPOLL_CTL_MOD, fd, events)
  }

  fn control(epfd: i32, op: libc::c_int, fd: i32, events: libc::c_int) -> io::Result<()> {
    let mut event = libc::epoll_event {
      events: events as u32,
      u64: 0,
    };
    // SAFETY: `event` is a valid epoll_event for the call's duration.
    if unsafe { libc::epoll_ctl(epfd, op, fd, &mut event) } < 0 {
      return Err(io::Error::last_os_error());
    }
    Ok(())
  }

  /// Resolves with the socket's events once the set reports some.
  async fn wait(&self) -> io::Result<u32> {
    loop {
      let mut guard = self.poll.readable().await?;
      let mut events = [libc::epoll_event { events: 0, u64: 0 }];
      // SAFETY: room for one event; a zero timeout never blocks.
      let n = unsafe { libc::epoll_wait(self.poll.as_raw_fd(), events.as_mut_ptr(), 1, 0) };
      // Taken (or nothing there): the runtime reports the set again at
      // its next event after this point.
      guard.clear_ready();
      if n > 0 {
        return Ok(events[0].events);
      }
    }
  }
}

struct Received {
  index: usize,
  len: usize,
  from: SocketAddr,
  truncated: bool,
}

/// One `recvmmsg(2)` into `room` (BATCH slots of DATAGRAM_ROOM bytes).
fn recv_batch(fd: i32, room: &mut [u8]) -> io::Result<Vec<Received>> {
  let mut iovecs: [libc::iovec; BATCH] = [libc::iovec {
    iov_base: std::ptr::null_mut(),
    iov_len: 0,
  }; BATCH];
  // SAFETY: sockaddr_storage is plain old data; all-zero is valid.
  let mut names: [libc::sockaddr_storage; BATCH] = unsafe { MaybeUninit::zeroed().assume_init() };
  // SAFETY: mmsghdr is plain old data; all-zero is valid (filled below).
  let mut msgs: [libc::mmsghdr; BATCH] = unsafe { MaybeUninit::zeroed().assume_init() };
  for i in 0..BATCH {
    iovecs[i].iov_base = room[i * DATAGRAM_ROOM..].as_mut_ptr().cast();
    iovecs[i].iov_len = DATAGRAM_ROOM;
    msgs[i].msg_hdr.msg_name = (&mut names[i] as *mut libc::sockaddr_storage).cast();
    msgs[i].msg_hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    msgs[i].msg_hdr.msg_iov = &mut iovecs[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  // SAFETY: every header points into `iovecs`/`names`/`room`, which live
  // across the call and are large enough for what the headers declare.
  let n = unsafe {
    libc::recvmmsg(
      fd,
      msgs.as_mut_ptr(),
      BATCH as libc::c_uint,
      libc::MSG_DONTWAIT,
      std::ptr::null_mut(),
    )
  };
  if n < 0 {
    return Err(io::Error::last_os_error());
  }
  let mut out = Vec::with_capacity(n as usize);
  for (i, msg) in msgs.iter().enumerate().take(n as usize) {
    let Some(from) = socket_addr_of(&names[i]) else {
      continue;
    };
    out.push(Received {
      index: i,
      len: (msg.msg_len as usize).min(DATAGRAM_ROOM),
      from,
      truncated: msg.msg_hdr.msg_flags & libc::MSG_TRUNC != 0,
    });
  }
  Ok(out)
}

/// One `sendmmsg(2)` of up to BATCH packets; returns how many were sent.
fn send_batch(fd: i32, packets: &[(&[u8], Option<SocketAddr>)]) -> io::Result<usize> {
  let count = packets.len().min(BATCH);
  let names: Vec<Option<SockAddr>> = packets[..count]
    .iter()
    .map(|(_, to)| to.map(SockAddr::from))
    .collect();
  let mut iovecs: Vec<libc::iovec> = packets[..count]
    .iter()
    .map(|(data, _)| libc::iovec {
      iov_base: data.as_ptr() as *mut libc::c_void,
      iov_len: data.len(),
    })
    .collect();
  // SAFETY: mmsghdr is plain old data; all-zero is valid (filled below).
  let mut msgs: Vec<libc::mmsghdr> = (0..count)
    .map(|_| unsafe { MaybeUninit::zeroed().assume_init() })
    .collect();
  for i in 0..count {
    if let Some(name) = &names[i] {
      msgs[i].msg_hdr.msg_name = name.as_ptr() as *mut libc::c_void;
      msgs[i].msg_hdr.msg_namelen = name.len();
    }
    msgs[i].msg_hdr.msg_iov = &mut iovecs[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  // SAFETY: the headers point into `names`, `iovecs` and the callers'
  // payloads, all alive across the call; the kernel only reads them.
  let n = unsafe { libc::sendmmsg(fd, msgs.as_mut_ptr(), count as libc::c_uint, libc::MSG_DONTWAIT) };
  if n < 0 {
    Err(io::Error::last_os_error())
  } else {
    Ok(n as usize)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  /// Whether `watch`'s epoll set holds an event now (without taking it).
  fn fired(watch: &Watch) -> bool {
    let mut pfd = libc::pollfd {
      fd: watch.poll.as_raw_fd(),
      events: libc::POLLIN,
      revents: 0,
    };
    // SAFETY: one valid pollfd, a zero timeout.
    unsafe { libc::poll(&mut pfd, 1, 0) == 1 }
  }

  // UDP on loopback never fills a send queue (the kernel moves each
  // datagram to the receiver within the send call); a Unix datagram pair
  // does, so the watch is checked on one.
  #[test]
  fn room_watch_reports_room_once_per_arming() {
    use std::{os::unix::net::UnixDatagram, time::Duration};
    let rt = tokio::runtime::Builder::new_current_thread()
      .enable_all()
      .build()
      .unwrap();
    rt.block_on(async {
      let (sender, receiver) = UnixDatagram::pair().unwrap();
      sender.set_nonblocking(true).unwrap();
      receiver.set_nonblocking(true).unwrap();
      let datagram = [7u8; 1024];
      let full = (0..100_000).any(|_| match sender.send(&datagram) {
        Ok(_) => false,
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => true,
        Err(e) => panic!("send: {e}"),
      });
      assert!(full, "the queue fills");

      let mut watch = Watch::new(sender.as_raw_fd(), ROOM_EVENTS).unwrap();
      assert!(!fired(&watch), "no room, no event");
      let mut buf = [0u8; 2048];
      while receiver.recv(&mut buf).is_ok() {}
      let limit = Duration::from_secs(5);
      tokio::time::timeout(limit, watch.wait())
        .await
        .expect("room is reported")
        .unwrap();
      assert!(!fired(&watch), "one-shot: nothing more until armed again");
      // Sends that succeed now raise write-space signals; disarmed, the
      // watch ignores them.
      sender.send(&datagram).unwrap();
      receiver.recv(&mut buf).unwrap();
      assert!(!fired(&watch), "a disarmed watch stays quiet");
      watch.arm(sender.as_raw_fd(), ROOM_EVENTS).unwrap();
      tokio::time::timeout(limit, watch.wait())
        .await
        .expect("armed on a socket with room: reported at once")
        .unwrap();
    });
  }

  #[test]
  fn destinations_are_numeric_addresses_only() {
    assert_eq!(
      parse_destination("127.0.0.1").map(|d| d.ip),
      Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
    );
    assert_eq!(
      parse_destination("127.1").map(|d| d.ip),
      Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
    );
    assert_eq!(
      parse_destination("2130706433").map(|d| d.ip),
      Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
    );
    assert_eq!(
      parse_destination("::1").map(|d| d.ip),
      Some(IpAddr::V6(Ipv6Addr::LOCALHOST))
    );
    assert_eq!(parse_destination("localhost"), None);
    assert_eq!(parse_destination("999.1.1.1"), None);
    assert_eq!(parse_destination(""), None);
    assert_eq!(parse_destination("127.0.0.1 "), None);
    assert_eq!(parse_destination("127.0.0.1\tabc"), None);
    assert_eq!(
      parse_destination("0x7f.1").map(|d| d.ip),
      Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
    );
    // IPv6 zones: by number, by name, and a name no interface has.
    let lo = Destination {
      ip: IpAddr::V6(Ipv6Addr::LOCALHOST),
      scope: 1,
    };
    assert_eq!(parse_destination("::1%1"), Some(lo));
    assert_eq!(parse_destination("::1%lo"), Some(lo));
    assert_eq!(parse_destination("::1%nosuch").map(|d| d.scope), Some(0));
    assert_eq!(parse_destination("::1%999").map(|d| d.scope), Some(0));
    assert_eq!(parse_destination("127.0.0.1%lo"), None);
    assert_eq!(lo.at(53), "[::1%1]:53".parse::<SocketAddr>().unwrap());
  }
}

// ---- socket options --------------------------------------------------------

/// The options of `setBroadcast`, `setTTL`... (JS names them by number).
pub mod option {
  pub const BROADCAST: u32 = 1;
  pub const TTL: u32 = 2;
  pub const MULTICAST_TTL: u32 = 3;
  pub const MULTICAST_LOOPBACK: u32 = 4;
  pub const MULTICAST_INTERFACE: u32 = 5;
  pub const ADD_MEMBERSHIP: u32 = 6;
  pub const DROP_MEMBERSHIP: u32 = 7;
  pub const ADD_SOURCE_MEMBERSHIP: u32 = 8;
  pub const DROP_SOURCE_MEMBERSHIP: u32 = 9;
}

/// Result of `set_option`: applied, or (for `MULTICAST_INTERFACE`) an
/// address that does not parse, which Bun answers with `false`.
pub enum OptionOutcome {
  Applied,
  Unparsable,
  /// The addresses are of different families (Bun throws a TypeError
  /// naming which; see `FamilyMismatch`).
  Mismatch(FamilyMismatch),
}

/// Which addresses of a membership call disagree, for Bun's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FamilyMismatch {
  AddressAndInterface = 1,
  SourceAndGroup = 2,
  WithInterface = 3,
}

fn setsockopt<T>(fd: i32, level: i32, name: i32, value: &T) -> io::Result<()> {
  // SAFETY: `value` is a live, correctly sized option value for `name`.
  let r = unsafe {
    libc::setsockopt(
      fd,
      level,
      name,
      (value as *const T).cast(),
      std::mem::size_of::<T>() as libc::socklen_t,
    )
  };
  if r == 0 {
    Ok(())
  } else {
    Err(io::Error::last_os_error())
  }
}

fn in_addr(ip: Ipv4Addr) -> libc::in_addr {
  libc::in_addr {
    s_addr: u32::from(ip).to_be(),
  }
}

/// `ip` as a socket address (port 0) in a `sockaddr_storage`.
fn storage_of(ip: IpAddr) -> libc::sockaddr_storage {
  // SAFETY: sockaddr_storage is plain old data; all-zero is valid.
  let mut storage: libc::sockaddr_storage = unsafe { MaybeUninit::zeroed().assume_init() };
  let at = &mut storage as *mut libc::sockaddr_storage;
  match ip {
    IpAddr::V4(v4) => {
      let address = libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: 0,
        sin_addr: in_addr(v4),
        sin_zero: [0; 8],
      };
      // SAFETY: a sockaddr_storage is large enough and aligned for any
      // socket address, sockaddr_in included.
      unsafe { at.cast::<libc::sockaddr_in>().write(address) };
    }
    IpAddr::V6(v6) => {
      let address = libc::sockaddr_in6 {
        sin6_family: libc::AF_INET6 as libc::sa_family_t,
        sin6_port: 0,
        sin6_flowinfo: 0,
        sin6_addr: libc::in6_addr { s6_addr: v6.octets() },
        sin6_scope_id: 0,
      };
      // SAFETY: as above, for sockaddr_in6.
      unsafe { at.cast::<libc::sockaddr_in6>().write(address) };
    }
  }
  storage
}

fn einval() -> io::Error {
  io::Error::from_raw_os_error(libc::EINVAL)
}

impl UdpCore {
  fn is_ipv6(&self) -> bool {
    self.local_addr().is_some_and(|a| a.is_ipv6())
  }

  /// Sets one option. `number` for the numeric and boolean ones;
  /// `first`/`second`/`third` for the address ones (group, interface;
  /// source, group, interface).
  pub fn set_option(
    &self,
    which: u32,
    number: i32,
    first: Option<&str>,
    second: Option<&str>,
    third: Option<&str>,
  ) -> Result<OptionOutcome, OsError> {
    let fd = self.raw_fd();
    let v6 = self.is_ipv6();
    let err = |e: io::Error| OsError::from_io(&e, "setsockopt");
    // Addresses as `send` reads them (short IPv4 forms, IPv6 zones), as Bun
    // reads them here too; an IPv6 zone names the interface.
    let address = |s: Option<&str>| s.and_then(parse_destination);
    let v4_of = |d: Option<Destination>| match d {
      Some(Destination {
        ip: IpAddr::V4(ip), ..
      }) => Some(ip),
      _ => None,
    };
    match which {
      option::BROADCAST => setsockopt(fd, libc::SOL_SOCKET, libc::SO_BROADCAST, &number).map_err(err)?,
      option::TTL => {
        if v6 {
          setsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS, &number).map_err(err)?;
        }
        // A dual-stack socket sends IPv4 too.
        if !v6 || self.local_addr().is_some_and(|a| a.ip().is_unspecified()) {
          let r = setsockopt(fd, libc::IPPROTO_IP, libc::IP_TTL, &number);
          if !v6 {
            r.map_err(err)?;
          }
        }
      }
      option::MULTICAST_TTL => {
        if v6 {
          setsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_HOPS, &number).map_err(err)?;
        } else {
          setsockopt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_TTL, &number).map_err(err)?;
        }
      }
      option::MULTICAST_LOOPBACK => {
        if v6 {
          setsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_LOOP, &number).map_err(err)?;
        } else {
          setsockopt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_LOOP, &number).map_err(err)?;
        }
      }
      option::MULTICAST_INTERFACE => match address(first) {
        None => return Ok(OptionOutcome::Unparsable),
        Some(Destination {
          ip: IpAddr::V4(ip), ..
        }) => setsockopt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_IF, &in_addr(ip)).map_err(err)?,
        Some(Destination {
          ip: IpAddr::V6(_), ..
        }) if !v6 => return Err(err(io::Error::from_raw_os_error(libc::ENOPROTOOPT))),
        // IPv6 names interfaces by index: the zone's ("::%eth0"), else 0,
        // the kernel's choice.
        Some(Destination { scope, .. }) => {
          setsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_IF, &(scope as i32)).map_err(err)?
        }
      },
      option::ADD_MEMBERSHIP | option::DROP_MEMBERSHIP => {
        let add = which == option::ADD_MEMBERSHIP;
        let group = address(first);
        // An interface that does not parse is ignored, as in Bun; one of
        // the other family is refused before anything else.
        let iface = address(second);
        if let (Some(group), Some(iface)) = (group, iface) {
          if group.ip.is_ipv4() != iface.ip.is_ipv4() {
            return Ok(OptionOutcome::Mismatch(FamilyMismatch::AddressAndInterface));
          }
        }
        match group {
          None => return Err(err(einval())),
          Some(Destination {
            ip: IpAddr::V4(group),
            ..
          }) => {
            // An interface that does not parse is ignored, as in Bun.
            let iface = v4_of(iface).unwrap_or(Ipv4Addr::UNSPECIFIED);
            let req = libc::ip_mreq {
              imr_multiaddr: in_addr(group),
              imr_interface: in_addr(iface),
            };
            let name = if add {
              libc::IP_ADD_MEMBERSHIP
            } else {
              libc::IP_DROP_MEMBERSHIP
            };
            setsockopt(fd, libc::IPPROTO_IP, name, &req).map_err(err)?;
          }
          Some(Destination {
            ip: IpAddr::V6(group),
            scope,
          }) => {
            if !v6 {
              return Err(err(io::Error::from_raw_os_error(libc::ENOPROTOOPT)));
            }
            let req = libc::ipv6_mreq {
              ipv6mr_multiaddr: libc::in6_addr {
                s6_addr: group.octets(),
              },
              ipv6mr_interface: interface_of(scope, iface),
            };
            let name = if add {
              libc::IPV6_ADD_MEMBERSHIP
            } else {
              libc::IPV6_DROP_MEMBERSHIP
            };
            setsockopt(fd, libc::IPPROTO_IPV6, name, &req).map_err(err)?;
          }
        }
      }
      option::ADD_SOURCE_MEMBERSHIP | option::DROP_SOURCE_MEMBERSHIP => {
        let add = which == option::ADD_SOURCE_MEMBERSHIP;
        let source = address(first);
        let group = address(second);
        let iface = address(third);
        if let (Some(source), Some(group)) = (source, group) {
          if source.ip.is_ipv4() != group.ip.is_ipv4() {
            return Ok(OptionOutcome::Mismatch(FamilyMismatch::SourceAndGroup));
          }
          if iface.is_some_and(|iface| iface.ip.is_ipv4() != group.ip.is_ipv4()) {
            return Ok(OptionOutcome::Mismatch(FamilyMismatch::WithInterface));
          }
        }
        match (source.map(|d| d.ip), group) {
          (
            Some(IpAddr::V4(source)),
            Some(Destination {
              ip: IpAddr::V4(group),
              ..
            }),
          ) => {
            let iface = v4_of(iface).unwrap_or(Ipv4Addr::UNSPECIFIED);
            let req = libc::ip_mreq_source {
              imr_multiaddr: in_addr(group),
              imr_interface: in_addr(iface),
              imr_sourceaddr: in_addr(source),
            };
            let name = if add {
              libc::IP_ADD_SOURCE_MEMBERSHIP
            } else {
              libc::IP_DROP_SOURCE_MEMBERSHIP
            };
            setsockopt(fd, libc::IPPROTO_IP, name, &req).map_err(err)?;
          }
          (Some(_), Some(_)) if !v6 => {
            return Err(err(io::Error::from_raw_os_error(libc::ENOPROTOOPT)));
          }
          // IPv6: the protocol-independent request. IPv6 names interfaces
          // by index (a zone's), else 0 lets the kernel choose.
          (Some(source), Some(group)) => {
            let req = libc::group_source_req {
              gsr_interface: interface_of(group.scope, iface),
              gsr_group: storage_of(group.ip),
              gsr_source: storage_of(source),
            };
            let name = if add {
              libc::MCAST_JOIN_SOURCE_GROUP
            } else {
              libc::MCAST_LEAVE_SOURCE_GROUP
            };
            setsockopt(fd, libc::IPPROTO_IPV6, name, &req).map_err(err)?;
          }
          _ => return Err(err(einval())),
        }
      }
      _ => return Err(err(einval())),
    }
    Ok(OptionOutcome::Applied)
  }
}
