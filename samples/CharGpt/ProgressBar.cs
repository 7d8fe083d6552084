/// <summary>
/// One line redrawn in place (a carriage return, no newline): a bar, the step and the latest loss. It is drawn
/// only on a terminal; with the output redirected (a log, a test) only the lines written through <see cref="WriteLine"/> appear.
/// </summary>
public sealed class ProgressBar(int total)
{
    private const int Width = 30;
    private readonly bool _visible = !Console.IsOutputRedirected;
    private int _drawnLength;

    /// <summary>Redraws the bar at <paramref name="step"/> of the total.</summary>
    public void Update(int step, double loss, double millisecondsPerStep)
    {
        if (!_visible) return;
        int filled = (int)((long)Width * step / Math.Max(total, 1));
        string line = $"[{new string('#', filled)}{new string('.', Width - filled)}] step {step}/{total}, loss {loss:F4}, {millisecondsPerStep:F1} ms/step";
        Console.Write($"\r{line.PadRight(_drawnLength)}");
        _drawnLength = line.Length;
    }

    /// <summary>Writes <paramref name="text"/> on a line of its own above the bar (which the next update redraws).</summary>
    public void WriteLine(string text)
    {
        if (_drawnLength > 0) Console.Write($"\r{new string(' ', _drawnLength)}\r");
        _drawnLength = 0;
        Console.WriteLine(text);
    }
}
