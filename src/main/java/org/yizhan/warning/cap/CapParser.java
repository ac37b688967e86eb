package org.yizhan.warning.cap;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads CAP 1.2 XML: a single {@code <alert>} or any document holding several (an Atom or RSS feed
 * of alerts, or a plain list). Document type declarations are refused, so a feed cannot make the
 * parser fetch files or expand entities.
 */
public final class CapParser {

  public static final String CAP_12 = "urn:oasis:names:tc:emergency:cap:1.2";

  /** The document is not XML, or holds no CAP alert. */
  public static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message);
    }
  }

  private CapParser() {}

  /** One entry per area of each info block of each alert, in document order. */
  public static List<CapEntry> parse(byte[] xml) throws Unreadable {
    Document doc;
    try {
      doc = builder().parse(new ByteArrayInputStream(xml));
    } catch (SAXException | java.io.IOException e) {
      throw new Unreadable("not well-formed XML: " + e.getMessage());
    }
    NodeList alerts = doc.getElementsByTagNameNS(CAP_12, "alert");
    if (alerts.getLength() == 0) {
      throw new Unreadable("no CAP 1.2 <alert> element");
    }
    List<CapEntry> out = new ArrayList<>();
    for (int i = 0; i < alerts.getLength(); i++) {
      readAlert((Element) alerts.item(i), out);
    }
    return out;
  }

  private static void readAlert(Element alert, List<CapEntry> out) {
    String identifier = text(alert, "identifier");
    String status = text(alert, "status");
    String msgType = text(alert, "msgType");
    Instant sent = time(text(alert, "sent"));
    for (Element info : children(alert, "info")) {
      Instant effective = time(text(info, "effective"));
      if (effective == null) {
        effective = time(text(info, "onset"));
      }
      if (effective == null) {
        effective = sent;
      }
      Instant expires = time(text(info, "expires"));
      List<Element> areas = children(info, "area");
      if (areas.isEmpty()) {
        out.add(entry(identifier, status, msgType, info, effective, expires, null));
      }
      for (Element area : areas) {
        out.add(
            entry(identifier, status, msgType, info, effective, expires, text(area, "areaDesc")));
      }
    }
  }

  private static CapEntry entry(
      String identifier,
      String status,
      String msgType,
      Element info,
      Instant effective,
      Instant expires,
      String areaDesc) {
    return new CapEntry(
        identifier,
        status,
        msgType,
        text(info, "event"),
        text(info, "severity"),
        text(info, "headline"),
        effective,
        expires,
        areaDesc);
  }

  /** The text of the first direct child in the CAP namespace with this name, trimmed. */
  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent().strip();
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && CAP_12.equals(e.getNamespaceURI())) {
        if (name.equals(e.getLocalName())) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** CAP times are ISO 8601 with an offset ({@code 2026-07-10T12:00:00+08:00}). */
  private static Instant time(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static DocumentBuilder builder() throws Unreadable {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b;
    } catch (ParserConfigurationException e) {
      throw new Unreadable("no secure XML parser: " + e.getMessage());
    }
  }
}
