package org.yizhan.web;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the phone map's home-screen icons (webroot/icons/icon-192.png and icon-512.png): the shape
 * of icons/favicon.svg, a shelter with a bench, on the map's blue. Run by hand when the artwork
 * changes; the PNGs are committed. {@code java DrawMapIcons [webroot/icons]}.
 */
final class DrawMapIcons {

  private static final Color BLUE = new Color(0x0b4f8a);

  private DrawMapIcons() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/webroot/icons");
    Files.createDirectories(dir);
    for (int size : new int[] {192, 512}) {
      ImageIO.write(draw(size), "png", dir.resolve("icon-" + size + ".png").toFile());
    }
  }

  /** The icon at {@code size} pixels square, drawn on the favicon's 64-unit grid. */
  static BufferedImage draw(int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.transform(AffineTransform.getScaleInstance(size / 64.0, size / 64.0));
    g.setColor(BLUE);
    g.fill(new RoundRectangle2D.Double(0, 0, 64, 64, 28, 28));
    g.setColor(Color.WHITE);
    g.fill(new Polygon(new int[] {8, 32, 56}, new int[] {31, 11, 31}, 3));
    g.fillRect(15, 31, 34, 23);
    g.setColor(BLUE);
    g.fillRect(21, 38, 22, 5);
    g.fillRect(23, 43, 4, 8);
    g.fillRect(37, 43, 4, 8);
    g.dispose();
    return image;
  }
}
