package org.yizhan.ingest.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An MQTT client that writes and reads packets byte by byte, for tests that must see exactly what
 * the server sends (a client library would hide a server's mistake, or refuse to make the client's
 * own). Covers only what the conformance tests need: CONNECT, PUBLISH, SUBSCRIBE, PINGREQ and
 * DISCONNECT out; any packet in, with MQTT 5 properties decoded.
 */
final class RawMqtt implements AutoCloseable {

  static final int V311 = 4;
  static final int V5 = 5;

  static final int CONNACK = 2;
  static final int PUBLISH = 3;
  static final int PUBACK = 4;
  static final int SUBACK = 9;
  static final int UNSUBACK = 11;
  static final int PINGRESP = 13;
  static final int DISCONNECT = 14;

  /** MQTT 5 property identifiers the tests read or write. */
  static final int SUBSCRIPTION_IDENTIFIER = 0x0B;

  static final int SESSION_EXPIRY_INTERVAL = 0x11;
  static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;
  static final int WILL_DELAY_INTERVAL = 0x18;
  static final int REQUEST_PROBLEM_INFORMATION = 0x17;

  static final int SERVER_KEEP_ALIVE = 0x13;
  static final int REASON_STRING = 0x1F;
  static final int RECEIVE_MAXIMUM = 0x21;
  static final int TOPIC_ALIAS_MAXIMUM = 0x22;
  static final int TOPIC_ALIAS = 0x23;
  static final int MAXIMUM_QOS = 0x24;
  static final int MAXIMUM_PACKET_SIZE = 0x27;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  final int version;

  private RawMqtt(Socket socket, int version) throws IOException {
    this.socket = socket;
    this.version = version;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** A TCP connection to the endpoint; reads give up after 15 s. */
  static RawMqtt open(int port, int version) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(15_000);
    s.setTcpNoDelay(true);
    return new RawMqtt(s, version);
  }

  /** One packet as received: its type, the flags of its first byte and its body. */
  record Packet(int type, int flags, byte[] body) {

    /** CONNACK: the Session Present flag. */
    boolean sessionPresent() {
      return (body[0] & 1) == 1;
    }

    /** CONNACK: the return code (3.1.1) or reason code (5). */
    int connectCode() {
      return body[1] & 0xFF;
    }

    /** DISCONNECT (MQTT 5): the reason code; 0 when left out. */
    int disconnectCode() {
      return body.length == 0 ? 0 : body[0] & 0xFF;
    }

    /** PUBACK, SUBACK, UNSUBACK: the packet identifier. */
    int packetId() {
      return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
    }

    /** PUBACK (MQTT 5): the reason code; 0 when left out. */
    int pubackCode() {
      return body.length > 2 ? body[2] & 0xFF : 0;
    }

    /** MQTT 5 properties of a CONNACK, PUBACK, SUBACK, UNSUBACK or DISCONNECT. */
    Map<Integer, Object> properties() {
      int at =
          switch (type) {
            case CONNACK -> 2;
            case PUBACK -> 3;
            case SUBACK, UNSUBACK -> 2;
            case DISCONNECT -> 1;
            default -> throw new IllegalStateException("no properties read for type " + type);
          };
      return at >= body.length ? Map.of() : decodeProperties(body, at);
    }

    /** SUBACK and UNSUBACK (MQTT 5 only for UNSUBACK): the reason code per filter. */
    int[] reasonCodes(int version) {
      int at = 2;
      if (version == V5) {
        int[] pos = {at};
        int length = readVarInt(body, pos);
        at = pos[0] + length;
      }
      int[] codes = new int[body.length - at];
      for (int i = 0; i < codes.length; i++) {
        codes[i] = body[at + i] & 0xFF;
      }
      return codes;
    }

    /** The whole packet's size as it came over the wire, fixed header included. */
    int wireBytes() {
      int n = body.length;
      int lengthBytes = n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
      return 1 + lengthBytes + n;
    }

    boolean retain() {
      return (flags & 1) == 1;
    }

    int qos() {
      return (flags >> 1) & 3;
    }

    boolean dup() {
      return (flags & 8) == 8;
    }
  }

  /** A PUBLISH as received, decoded for the given protocol version. */
  record Publish(
      String topic,
      int qos,
      boolean retain,
      boolean dup,
      int packetId,
      Map<Integer, Object> properties,
      String payload) {

    static Publish of(Packet p, int version) {
      if (p.type() != PUBLISH) {
        throw new IllegalArgumentException("not a PUBLISH: type " + p.type());
      }
      int[] pos = {0};
      String topic = readString(p.body(), pos);
      int packetId = 0;
      if (p.qos() > 0) {
        packetId = ((p.body()[pos[0]] & 0xFF) << 8) | (p.body()[pos[0] + 1] & 0xFF);
        pos[0] += 2;
      }
      Map<Integer, Object> props = Map.of();
      if (version == V5) {
        int start = pos[0];
        int length = readVarInt(p.body(), pos);
        props = decodeProperties(p.body(), start);
        pos[0] += length;
      }
      String payload =
          new String(p.body(), pos[0], p.body().length - pos[0], StandardCharsets.UTF_8);
      return new Publish(topic, p.qos(), p.retain(), p.dup(), packetId, props, payload);
    }
  }

  /**
   * A CONNECT with anything a test may want to set: MQTT 5 properties of the CONNECT and of the
   * will (id to value: Integer for one- and two-byte properties, Long for four-byte ones).
   */
  static final class Connect {
    String clientId = "";
    String user;
    String password;
    int keepAliveS = 60;
    boolean cleanStart = true;
    final Map<Integer, Number> properties = new java.util.LinkedHashMap<>();
    String willTopic;
    String willPayload;
    int willQos = 1;
    boolean willRetain = true;
    final Map<Integer, Number> willProperties = new java.util.LinkedHashMap<>();

    Connect as(String clientId, String user, String password) {
      this.clientId = clientId;
      this.user = user;
      this.password = password;
      return this;
    }

    Connect will(String topic, String payload, int qos) {
      this.willTopic = topic;
      this.willPayload = payload;
      this.willQos = qos;
      return this;
    }

    Connect property(int id, Number value) {
      properties.put(id, value);
      return this;
    }

    Connect willProperty(int id, Number value) {
      willProperties.put(id, value);
      return this;
    }
  }

  byte[] connect(Connect c) {
    Buf b = new Buf();
    b.string("MQTT").u8(version);
    int flags = c.cleanStart ? 0x02 : 0;
    if (c.willTopic != null) {
      flags |= 0x04 | (c.willQos << 3) | (c.willRetain ? 0x20 : 0);
    }
    if (c.user != null) {
      flags |= 0x80;
    }
    if (c.password != null) {
      flags |= 0x40;
    }
    b.u8(flags).u16(c.keepAliveS);
    if (version == V5) {
      b.properties(properties(c.properties));
    }
    b.string(c.clientId);
    if (c.willTopic != null) {
      if (version == V5) {
        b.properties(properties(c.willProperties));
      }
      b.string(c.willTopic).binary(c.willPayload.getBytes(StandardCharsets.UTF_8));
    }
    if (c.user != null) {
      b.string(c.user);
    }
    if (c.password != null) {
      b.string(c.password);
    }
    return packet(0x10, b);
  }

  private static Buf properties(Map<Integer, Number> props) {
    Buf p = new Buf();
    props.forEach(
        (id, v) -> {
          p.varInt(id);
          switch (id) {
            case 0x01, 0x17, 0x19 -> p.u8(v.intValue());
            case 0x21, 0x22 -> p.u16(v.intValue());
            case 0x02, 0x11, 0x18, 0x27 -> p.u32(v.longValue());
            case 0x0B -> p.varInt(v.intValue());
            default -> throw new IllegalArgumentException("property " + id + " not written");
          }
        });
    return p;
  }

  /**
   * A SUBSCRIBE of one filter with an options byte (QoS in bits 0-1; MQTT 5: No Local bit 2, Retain
   * As Published bit 3, Retain Handling bits 4-5) and an optional Subscription Identifier.
   */
  byte[] subscribe(int packetId, String filter, int options, Integer subscriptionId) {
    Buf b = new Buf().u16(packetId);
    if (version == V5) {
      Buf p = new Buf();
      if (subscriptionId != null) {
        p.u8(SUBSCRIPTION_IDENTIFIER).varInt(subscriptionId);
      }
      b.properties(p);
    }
    b.string(filter).u8(options);
    return packet(0x82, b);
  }

  byte[] unsubscribe(int packetId, String... filters) {
    Buf b = new Buf().u16(packetId);
    if (version == V5) {
      b.properties(new Buf());
    }
    for (String f : filters) {
      b.string(f);
    }
    return packet(0xA2, b);
  }

  /** A PUBACK with reason Success. */
  static byte[] puback(int packetId) {
    return new byte[] {0x40, 2, (byte) (packetId >> 8), (byte) packetId};
  }

  /** A CONNECT; {@code sessionExpiryS} and the will are left out when null. */
  byte[] connect(
      String clientId,
      String user,
      String password,
      int keepAliveS,
      boolean cleanStart,
      Integer sessionExpiryS,
      String willTopic,
      String willPayload) {
    Buf b = new Buf();
    b.string("MQTT").u8(version);
    int flags = cleanStart ? 0x02 : 0;
    if (willTopic != null) {
      flags |= 0x04 | (1 << 3) | 0x20; // will, QoS 1, retain
    }
    if (user != null) {
      flags |= 0x80;
    }
    if (password != null) {
      flags |= 0x40;
    }
    b.u8(flags).u16(keepAliveS);
    if (version == V5) {
      Buf p = new Buf();
      if (sessionExpiryS != null) {
        p.u8(SESSION_EXPIRY_INTERVAL).u32(sessionExpiryS);
      }
      b.properties(p);
    }
    b.string(clientId);
    if (willTopic != null) {
      if (version == V5) {
        b.properties(new Buf());
      }
      b.string(willTopic).binary(willPayload.getBytes(StandardCharsets.UTF_8));
    }
    if (user != null) {
      b.string(user);
    }
    if (password != null) {
      b.string(password);
    }
    return packet(0x10, b);
  }

  /** A PUBLISH; {@code topicAlias} (MQTT 5 only) is left out when null. */
  byte[] publish(String topic, int qos, int packetId, byte[] payload, Integer topicAlias) {
    Buf b = new Buf().string(topic);
    if (qos > 0) {
      b.u16(packetId);
    }
    if (version == V5) {
      Buf p = new Buf();
      if (topicAlias != null) {
        p.u8(TOPIC_ALIAS).u16(topicAlias);
      }
      b.properties(p);
    }
    b.bytes(payload);
    return packet(0x30 | (qos << 1), b);
  }

  byte[] subscribe(int packetId, String filter, int qos) {
    Buf b = new Buf().u16(packetId);
    if (version == V5) {
      b.properties(new Buf());
    }
    b.string(filter).u8(qos);
    return packet(0x82, b);
  }

  static byte[] pingreq() {
    return new byte[] {(byte) 0xC0, 0};
  }

  /** A DISCONNECT with reason 0x00 (MQTT 5) or the 3.1.1 one. */
  byte[] disconnect() {
    return version == V5 ? new byte[] {(byte) 0xE0, 1, 0} : new byte[] {(byte) 0xE0, 0};
  }

  void send(byte[]... packets) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : packets) {
      all.writeBytes(p);
    }
    out.write(all.toByteArray());
    out.flush();
  }

  /** The next packet; {@link EOFException} when the server closed the connection. */
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
    return new Packet(first >> 4, first & 0x0F, body);
  }

  /** The next packet of the given type, skipping others (such as a retained config PUBLISH). */
  Packet read(int type) throws IOException {
    while (true) {
      Packet p = read();
      if (p.type() == type) {
        return p;
      }
    }
  }

  /** Whether the server has closed the connection (reads until it has, or times out). */
  boolean closedByServer() throws IOException {
    try {
      while (in.read() >= 0) {
        // discard
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static byte[] packet(int firstByte, Buf body) {
    byte[] b = body.out.toByteArray();
    Buf p = new Buf().u8(firstByte).varInt(b.length).bytes(b);
    return p.out.toByteArray();
  }

  private static Map<Integer, Object> decodeProperties(byte[] body, int at) {
    int[] pos = {at};
    int length = readVarInt(body, pos);
    int end = pos[0] + length;
    Map<Integer, Object> props = new HashMap<>();
    while (pos[0] < end) {
      int id = readVarInt(body, pos);
      Object value =
          switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> body[pos[0]++] & 0xFF;
            case 0x13, 0x21, 0x22, 0x23 -> {
              int v = ((body[pos[0]] & 0xFF) << 8) | (body[pos[0] + 1] & 0xFF);
              pos[0] += 2;
              yield v;
            }
            case 0x02, 0x11, 0x18, 0x27 -> {
              long v = 0;
              for (int i = 0; i < 4; i++) {
                v = (v << 8) | (body[pos[0] + i] & 0xFF);
              }
              pos[0] += 4;
              yield v;
            }
            case 0x0B -> readVarInt(body, pos);
            case 0x26 -> readString(body, pos) + "=" + readString(body, pos);
            default -> readString(body, pos); // strings and binary data
          };
      props.put(id, value);
    }
    return props;
  }

  private static int readVarInt(byte[] body, int[] pos) {
    int value = 0;
    int shift = 0;
    int b;
    do {
      b = body[pos[0]++] & 0xFF;
      value |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return value;
  }

  private static String readString(byte[] body, int[] pos) {
    int n = ((body[pos[0]] & 0xFF) << 8) | (body[pos[0] + 1] & 0xFF);
    String s = new String(body, pos[0] + 2, n, StandardCharsets.UTF_8);
    pos[0] += 2 + n;
    return s;
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

    Buf u32(long v) {
      return u16((int) (v >> 16) & 0xFFFF).u16((int) v & 0xFFFF);
    }

    Buf varInt(int v) {
      do {
        int digit = v & 0x7F;
        v >>>= 7;
        u8(v > 0 ? digit | 0x80 : digit);
      } while (v > 0);
      return this;
    }

    Buf bytes(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Buf binary(byte[] b) {
      return u16(b.length).bytes(b);
    }

    Buf string(String s) {
      return binary(s.getBytes(StandardCharsets.UTF_8));
    }

    Buf properties(Buf p) {
      byte[] b = p.out.toByteArray();
      return varInt(b.length).bytes(b);
    }
  }
}
