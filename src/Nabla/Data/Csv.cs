using System.Globalization;
using System.Runtime.InteropServices;

namespace Nabla.Data;

/// <summary>
/// A reader for numeric CSV files (one sample per line, the same number of numbers on each, an
/// optional header line), such as scikit-learn's <c>digits.csv</c>. Numbers use the invariant
/// culture (<c>1.5</c>, <c>-2e-3</c>, <c>NaN</c>); blank lines are skipped; cells may be quoted.
/// </summary>
/// <example>
/// <code>
/// var (features, labels) = Csv.LoadLabeled("digits.csv");           // the last column is the label
/// var matrix = Csv.LoadMatrix("table.csv", hasHeader: true);        // everything as float32
/// </code>
/// </example>
public static class Csv
{
    /// <summary>All cells as a [rows, columns] tensor (float32 unless <paramref name="dtype"/> says float64).</summary>
    /// <exception cref="InvalidDataException">For a non-numeric cell or a row of the wrong length (the message gives the line).</exception>
    public static Tensor LoadMatrix(string path, bool hasHeader = false, char separator = ',', DType dtype = DType.Float32)
    {
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"LoadMatrix reads float32 or float64, got {dtype.Name()}", nameof(dtype));
        var (values, rows, columns) = Read(path, hasHeader, separator);
        var cells = CollectionsMarshal.AsSpan(values);
        if (dtype == DType.Float64) return new Tensor(Storage.Wrap(cells.ToArray()), [rows, columns]);
        var floats = new float[cells.Length];   // straight from the parsed doubles: no float64 tensor in between
        for (int i = 0; i < floats.Length; i++) floats[i] = (float)cells[i];
        return new Tensor(Storage.Wrap(floats), [rows, columns]);
    }

    /// <summary>
    /// Features and labels: column <paramref name="labelColumn"/> (negative counts from the end, so -1 is
    /// the last) as int64 [rows], the other columns as float32 [rows, columns - 1].
    /// </summary>
    /// <exception cref="InvalidDataException">For a non-numeric cell, a row of the wrong length, a label that is not a whole number, or no data rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When the file has no column <paramref name="labelColumn"/>.</exception>
    public static (Tensor Features, Tensor Labels) LoadLabeled(string path, int labelColumn = -1, bool hasHeader = false, char separator = ',')
    {
        var (list, rows, columns) = Read(path, hasHeader, separator);
        var values = CollectionsMarshal.AsSpan(list);
        if (rows == 0) throw new InvalidDataException($"{path} has no data rows, so no label column");   // a fault of the file, not of labelColumn
        int label = labelColumn < 0 ? columns + labelColumn : labelColumn;
        if (label < 0 || label >= columns)
            throw new ArgumentOutOfRangeException(nameof(labelColumn), labelColumn, $"{path} has {columns} columns");
        var features = new float[rows * (columns - 1)];
        var labels = new long[rows];
        for (int r = 0, f = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                double v = values[r * columns + c];
                if (c != label) features[f++] = (float)v;
                else if (v == Math.Floor(v) && Math.Abs(v) < 9e15) labels[r] = (long)v;
                else throw new InvalidDataException($"{path}: the label of data row {r + 1} is {v.ToString(CultureInfo.InvariantCulture)}, not a whole number");
            }
        return (new Tensor(Storage.Wrap(features), [rows, columns - 1]), new Tensor(Storage.Wrap(labels), [rows]));   // the arrays are ours: no copy
    }

    /// <summary>The cells, row after row, parsed in place (no string per cell), and the table's size.</summary>
    private static (List<double> Values, int Rows, int Columns) Read(string path, bool hasHeader, char separator)
    {
        ArgumentNullException.ThrowIfNull(path);
        var values = new List<double>();
        int rows = 0, columns = -1, lineNumber = 0;
        bool headerPending = hasHeader;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (headerPending) { headerPending = false; continue; }
            int cells = line.AsSpan().Count(separator) + 1;
            if (columns < 0) columns = cells;
            else if (cells != columns)
                throw new InvalidDataException($"{path}:{lineNumber}: expected {columns} values (as on the first data line), found {cells}");
            int c = 0;
            foreach (var cell in line.AsSpan().Split(separator))
                values.Add(ParseCell(line.AsSpan(cell), path, lineNumber, c++, firstLine: rows == 0 && !hasHeader));
            rows++;
        }
        return (values, rows, Math.Max(columns, 0));
    }

    private static double ParseCell(ReadOnlySpan<char> cell, string path, int line, int column, bool firstLine)
    {
        var text = cell.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') text = text[1..^1].Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
        string hint = firstLine ? " (if the first line is a header, pass hasHeader: true)" : "";
        throw new InvalidDataException($"{path}:{line}: column {column + 1} is '{cell.ToString()}', not a number{hint}");
    }
}
