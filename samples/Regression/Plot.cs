/// <summary>The data, the true curve and the network's fit in one chart, as a PNG.</summary>
static class Plot
{
    public static void Save(string path, float[] x, float[] y, float[] gridX, float[] fit)
    {
        double[] xs = [.. gridX.Select(v => (double)v)];
        var plot = new ScottPlot.Plot();

        var data = plot.Add.ScatterPoints(x.Select(v => (double)v).ToArray(), y.Select(v => (double)v).ToArray());
        data.LegendText = "data: sin(x) + noise";
        data.MarkerSize = 4;

        var truth = plot.Add.ScatterLine(xs, xs.Select(Math.Sin).ToArray());
        truth.LegendText = "sin(x)";
        truth.LinePattern = ScottPlot.LinePattern.Dashed;
        truth.LineWidth = 2;

        var model = plot.Add.ScatterLine(xs, fit.Select(v => (double)v).ToArray());
        model.LegendText = "MLP fit";
        model.LineWidth = 3;

        plot.Title("Regression: a 1-32-32-1 tanh MLP fitted with Adam");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 900, 500);
    }
}
