using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Performance;

/// <summary>Checks of the row-major n×k probability input shared by the classification APIs.</summary>
internal static class ProbabilityMatrix
{
    public static int Rows(ReadOnlySpan<double> probabilities, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (probabilities.Length % classCount != 0)
        {
            throw new InputDataException($"{probabilities.Length} probabilities do not make rows of {classCount} classes");
        }

        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new InputDataException($"probability {p} at row {i / classCount}, class {i % classCount} is not in [0, 1]");
            }
        }

        return probabilities.Length / classCount;
    }

    public static void CheckLabels(ReadOnlySpan<int> labels, int rows, int classCount)
    {
        if (labels.Length != rows)
        {
            throw new InputDataException($"{labels.Length} labels for {rows} rows of probabilities");
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new InputDataException($"label {labels[i]} at row {i} is not a class index in [0, {classCount})");
            }
        }
    }

    /// <summary>The first index of the largest value (numpy's argmax).</summary>
    public static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }
}
