using ScottPlot;

/// <summary>The training loss per step and the test accuracy per epoch, side by side, as a PNG.</summary>
static class Curves
{
    public static void Save(string path, IReadOnlyList<double> losses, IReadOnlyList<double> accuracies, int stepsPerEpoch)
    {
        var figure = new Multiplot();
        figure.AddPlots(2);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();

        var loss = figure.GetPlot(0);
        loss.Add.Scatter(Enumerable.Range(0, losses.Count).Select(i => (double)i).ToArray(), losses.ToArray()).MarkerSize = 0;
        loss.Title("training loss");
        loss.XLabel("step");
        loss.YLabel("cross-entropy");

        var accuracy = figure.GetPlot(1);
        accuracy.Add.Scatter(Enumerable.Range(1, accuracies.Count).Select(i => (double)i).ToArray(), accuracies.Select(a => 100 * a).ToArray());
        accuracy.Title("test accuracy");
        accuracy.XLabel("epoch");
        accuracy.YLabel("%");

        figure.SavePng(path, 1000, 400);
    }
}
