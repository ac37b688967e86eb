package org.yizhan.ingest;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A device speaking MQTT in raw packets (CONNECT, QoS 1 PUBLISH; any packet in), for the
 * acknowledgement tests: what arrives is exactly what the server sent, in the order it sent it,
 * with no client library reordering, retrying or holding back.
 */
final class RawDevice implements AutoCloseable {

  static final int V311 = 4;
  static final int V5 = 5;
  static final int CONNACK = 2;
  static final int PUBACK = 4;

  /** One packet as received. */
  record Packet(int type, byte[] body) {

    /** PUBACK: the packet identifier. */
    int packetId() {
      return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
    }

    /** PUBACK (MQTT 5): the reason code, 0 when left out; CONNACK: the return code. */
    int code() {
      return type == CONNACK ? body[1] & 0xFF : body.length > 2 ? body[2] & 0xFF : 0;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int version;

  private RawDevice(Socket socket, int version) throws IOException {
    this.socket = socket;
    this.version = version;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects and authenticates as {@code deviceId}; fails unless the CONNACK accepts. Reads give up
   * after 20 s, so a test never waits for ever on a packet that does not come.
   */
  static RawDevice connect(int port, int version, String deviceId, String secret)
      throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(20_000);
    s.setTcpNoDelay(true);
    RawDevice d = new RawDevice(s, version);
    Buf b = new Buf().string("MQTT").u8(version).u8(0x02 | 0x80 | 0x40).u16(60);
    if (version == V5) {
      b.u8(0); // no properties
    }
    b.string(deviceId).string(deviceId).string(secret);
    d.send(packet(0x10, b));
    Packet ack = d.read();
    if (ack.type() != CONNACK || ack.code() != 0) {
      d.close();
      throw new IOException("not accepted: packet " + ack.type() + " code " + ack.code());
    }
    return d;
  }

  /** A QoS 1 PUBLISH. */
  byte[] publish(String topic, int packetId, String payload) {
    Buf b = new Buf().string(topic).u16(packetId);
    if (version == V5) {
      b.u8(0);
    }
    b.bytes(payload.getBytes(StandardCharsets.UTF_8));
    return packet(0x32, b);
  }

  /** Writes the packets in one go, so the server reads them back to back. */
  void send(byte[]... packets) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : packets) {
      all.writeBytes(p);
    }
    out.write(all.toByteArray());
    out.flush();
  }

  /** The next packet; {@link EOFException} once the server has closed the connection. */
  Packet read() throws IOException {
    int first = in.read();
    if (first < 0) {
      throw new EOFException("closed by the server");
    }
    int length = 0;
    int shift = 0;
    int b;
    do {
      b = in.readUnsignedByte();
      length |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    byte[] body = new byte[length];
    in.readFully(body);
    return new Packet(first >> 4, body);
  }

  /**
   * Whether the server closes the connection within the read timeout without sending any packet
   * first; a packet it sends instead is returned as the failure's message.
   */
  String closedWithoutPacket() throws IOException {
    try {
      Packet p = read();
      return "received packet type " + p.type() + " before the close";
    } catch (EOFException | SocketException closed) {
      return null;
    } catch (SocketTimeoutException e) {
      return "still open after the read timeout";
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static byte[] packet(int firstByte, Buf body) {
    byte[] b = body.out.toByteArray();
    Buf p = new Buf().u8(firstByte);
    int v = b.length;
    do {
      int digit = v & 0x7F;
      v >>>= 7;
      p.u8(v > 0 ? digit | 0x80 : digit);
    } while (v > 0);
    return p.bytes(b).out.toByteArray();
  }

  /** Big-endian MQTT encodings. */
  private static final class Buf {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Buf u8(int v) {
      out.write(v);
      return this;
    }

    Buf u16(int v) {
      return u8(v >> 8).u8(v & 0xFF);
    }

    Buf bytes(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Buf string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      return u16(b.length).bytes(b);
    }
  }
}
