import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Plots run.csv (time, temperature, heater) into a PNG: temperature line, heater-on bands, set point. */
public class Plot {
    public static void main(String[] args) throws Exception {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
                String[] f = line.split(",");
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            }
        }
        double setpoint = Double.parseDouble(args[2]);
        int w = 900, h = 420, left = 60, right = 20, top = 40, bottom = 50;
        double tMax = rows.get(rows.size() - 1)[0];
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double[] r : rows) {
            lo = Math.min(lo, r[1]);
            hi = Math.max(hi, r[1]);
        }
        lo = Math.floor(Math.min(lo, setpoint) - 1);
        hi = Math.ceil(Math.max(hi, setpoint) + 1);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int plotW = w - left - right, plotH = h - top - bottom;
        g.setColor(new Color(255, 224, 178));
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i)[2] > 0) {
                int x0 = left + (int) (rows.get(i - 1)[0] / tMax * plotW), x1 = left + (int) (rows.get(i)[0] / tMax * plotW);
                g.fillRect(x0, top, Math.max(1, x1 - x0), plotH);
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, top, plotW, plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double v = lo; v <= hi; v += Math.max(1, Math.round((hi - lo) / 8))) {
            int y = top + plotH - (int) ((v - lo) / (hi - lo) * plotH);
            g.drawString(String.format("%.0f", v), 20, y + 4);
        }
        for (int m = 0; m <= tMax / 60; m += 10) {
            int x = left + (int) (m * 60 / tMax * plotW);
            g.drawString(m + " min", x - 12, h - 25);
        }
        int ys = top + plotH - (int) ((setpoint - lo) / (hi - lo) * plotH);
        g.setColor(new Color(46, 125, 50));
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(left, ys, left + plotW, ys);
        g.setColor(new Color(21, 101, 192));
        g.setStroke(new BasicStroke(2));
        int px = -1, py = -1;
        for (double[] r : rows) {
            int x = left + (int) (r[0] / tMax * plotW), y = top + plotH - (int) ((r[1] - lo) / (hi - lo) * plotH);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Incubator temperature (°C) - heater on in orange, set point dashed", left, 25);
        ImageIO.write(image, "png", new File(args[1]));
    }
}
