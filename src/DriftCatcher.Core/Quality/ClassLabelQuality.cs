using System.Globalization;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Quality;

/// <summary>
/// How a classifier called each class on its held-out rows: per class index, the held-out rows of that class and
/// how many of them it called another class. What <see cref="ClassLabelQuality"/> judges a batch of labels by.
/// </summary>
public sealed record ClassLabelBaseline(IReadOnlyList<int> Rows, IReadOnlyList<int> CalledOtherwise)
{
    /// <summary>Per class index, the held-out rows (of any class) the model called that class (null: unknown, taken as each class's own rows less its misses).</summary>
    public IReadOnlyList<int>? CalledAs { get; init; }

    /// <summary>The classes' names by index, for messages (null: "class 0").</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>The baseline of held-out rows' true class indices and the model's predicted class indices (−1: none).</summary>
    public static ClassLabelBaseline Build(ReadOnlySpan<int> labels, ReadOnlySpan<int> predicted, int classes)
    {
        if (labels.Length != predicted.Length)
        {
            throw new ArgumentException($"{labels.Length} labels for {predicted.Length} predictions", nameof(predicted));
        }

        var rows = new int[classes];
        var otherwise = new int[classes];
        var calledAs = new int[classes];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= 0 && labels[i] < classes && predicted[i] >= 0)
            {
                rows[labels[i]]++;
                otherwise[labels[i]] += predicted[i] == labels[i] ? 0 : 1;
                if (predicted[i] < classes)
                {
                    calledAs[predicted[i]]++;
                }
            }
        }

        return new ClassLabelBaseline(rows, otherwise) { CalledAs = calledAs };
    }
}

/// <summary>
/// A classifier's label feed stuck on one class: every label of a batch names the same class while the model called
/// many of those rows another class, far more than it calls that class's rows otherwise on held-out data. Were the
/// labels right, each of those answers would be a miss; a feed stuck on its default ("BENIGN", 0) is the likelier
/// story. A changing world moves labels too, but does not make them all one class while the model, on inputs it
/// knows, still sees the usual mix: concept drift leaves a mix of labels, and a batch whose inputs moved is left to
/// the model's errors (the agent checks only batches with no input drift and no new region).
/// <list type="bullet">
/// <item>At least <see cref="MinLabels"/> labels of one batch, all the same class, a class the held-out rows had (on
/// fewer, a world where one class became nineteen in twenty makes whole batches of it by chance).</item>
/// <item>At least <see cref="MinCalledOtherwise"/> of them answered as another class, and at least
/// <see cref="MinUsualShare"/> of the share of held-out rows the model calls another class than that one: a stuck feed
/// on an unchanged world leaves the model calling about its usual mix, while a batch that really is all one class shows
/// the model's misses on that class (a load test's few flows that look like attacks are the model's trouble, not the
/// feed's).</item>
/// <item>That many or more is beyond chance: the binomial upper tail at the class's held-out miss rate (its
/// one-sided Clopper–Pearson upper bound at 1 − <see cref="RateAlpha"/>, so a thin held-out sample cannot make a
/// low rate) is at most <see cref="MaxTail"/>.</item>
/// </list>
/// The finding is <c>constant_column</c> about the label, as for a regression feed stuck at one value. A feed that
/// swapped classes is <see cref="CheckSwapped"/>'s.
/// </summary>
public static class ClassLabelQuality
{
    /// <summary>The fewest labels of one batch checked.</summary>
    public const int MinLabels = 100;

    /// <summary>The least share, of the model's usual share of calls of another class, that a stuck feed leaves.</summary>
    public const double MinUsualShare = 0.5;

    /// <summary>The fewest answers of another class that can show a stuck feed.</summary>
    public const int MinCalledOtherwise = 10;

    /// <summary>The largest chance, at the class's held-out miss rate, of as many answers of another class.</summary>
    public const double MaxTail = 1e-6;

    /// <summary>The miss rate is taken at its upper confidence bound at 1 − this.</summary>
    public const double RateAlpha = 0.001;

    /// <summary>
    /// The faults of one batch's class labels (<paramref name="labels"/>, class indices) against the model's answers
    /// for the same rows (<paramref name="predicted"/>, −1 where it abstained): a stuck feed, or none.
    /// </summary>
    /// <param name="onlyMajority">Judge only a batch of the class most held-out rows had (the default a failing join
    /// writes): for batches whose inputs moved, where a batch all of a smaller class may be a new variant of it.</param>
    /// <param name="minLabels">The fewest labels judged (<see cref="MinLabels"/>; fewer where a stuck feed was just found
    /// and these labels continue it).</param>
    public static IReadOnlyList<Finding> Check(ClassLabelBaseline baseline, IReadOnlyList<int> labels, IReadOnlyList<int> predicted, bool onlyMajority = false, int minLabels = MinLabels)
    {
        CheckArguments(baseline, labels, predicted);

        if (labels.Count < minLabels)
        {
            return [];
        }

        var c = labels[0];
        if (c < 0 || c >= baseline.Rows.Count || baseline.Rows[c] == 0 || labels.Any(l => l != c)
            || (onlyMajority && baseline.Rows.Any(r => r > baseline.Rows[c])))
        {
            return [];
        }

        var answered = 0;
        var otherwise = 0;
        foreach (var p in predicted)
        {
            if (p >= 0)
            {
                answered++;
                otherwise += p == c ? 0 : 1;
            }
        }

        var total = baseline.Rows.Sum();
        var calledAs = baseline.CalledAs is { } called && c < called.Count ? called[c] : baseline.Rows[c] - baseline.CalledOtherwise[c];
        var usual = 1 - ((double)calledAs / total);
        if (otherwise < MinCalledOtherwise || otherwise < MinUsualShare * usual * answered)
        {
            return [];
        }

        var rate = UpperBound(baseline.CalledOtherwise[c], baseline.Rows[c], RateAlpha);
        var tail = DataQualityChecker.UpperTail(otherwise, answered, rate);
        if (tail > MaxTail)
        {
            return [];
        }

        var name = Name(baseline, c);
        var heldOut = (double)baseline.CalledOtherwise[c] / baseline.Rows[c];
        return
        [
            new Finding(FindingKind.DataQuality, Severity.Critical, QualityCodes.ConstantColumn, TargetQuality.Subject,
                $"every one of {Num(labels.Count)} labels is {name}, yet the model called {Num(otherwise)} of {Num(answered)} of those rows another class "
                + $"(of held-out rows it calls {Pct(usual)} another class), where it called {Pct(heldOut)} of {Num(baseline.Rows[c])} held-out {name} rows otherwise "
                + $"(at most {Pct(rate)}; binomial tail {tail.ToString("0.##e+0", CultureInfo.InvariantCulture)}): the label feed looks stuck on one class")
            {
                Evidence = new Dictionary<string, double>
                {
                    ["labels"] = labels.Count,
                    ["class"] = c,
                    ["called_otherwise"] = otherwise,
                    ["answered"] = answered,
                    ["usual_share"] = usual,
                    ["held_out_rate"] = heldOut,
                    ["rate_bound"] = rate,
                    ["tail"] = tail,
                },
            },
        ];
    }

    /// <summary>The fewest answered labels of one batch checked for swapped classes.</summary>
    public const int MinSwapLabels = 20;

    /// <summary>The fewest rows of each class that traded names showing it (a class of a tenth of 50-row batches has about 5).</summary>
    public const int MinTradedRows = 3;

    /// <summary>Swapped labels fit the model as labels did on held-out rows: their misses are within chance at this many times the held-out miss rate...</summary>
    public const double SwapFitSlack = 1.5;

    /// <summary>...plus this (a model that never missed on held-out rows misses a few on live ones)...</summary>
    public const double SwapFitFloor = 0.01;

    /// <summary>...that is, their binomial upper tail there is above this...</summary>
    public const double SwapFitTail = 1e-3;

    /// <summary>...and their share is at most this many times that rate (on 20 rows, chance allows 7 misses at 9.5 %).</summary>
    public const double SwapFitMaxShare = 2;

    /// <summary>A renamed class leaves at most one row under its old name for this many under the new one.</summary>
    public const int MaxKeptPerRenamed = 20;

    /// <summary>
    /// The largest chance of the misses as written for a rename: a name no held-out row had, on the rows of one class
    /// whose own name vanished, is evidence the misses alone are not (6 of 100 rows renamed, by a model that missed none
    /// of 750 held-out rows, have a tail of 3e-4). Within an episode (<c>continuing</c>) the established rename needs none.
    /// </summary>
    public const double MaxRenameTail = 1e-3;

    /// <summary>The fewest held-out rows of a model whose record can show a swap (STAGGER models retrained on 120 rows held out 24, and read a recurring concept's inversion as one).</summary>
    public const int MinSwapHeldOut = 100;

    /// <summary>
    /// The largest held-out miss rate (point estimate) of a model whose disagreement can show a swap: one that misses more
    /// hardly knows the classes apart, and a concept change can invert most of what it says (STAGGER streams, models
    /// trained in the middle of a drift with 21–36 % held-out misses, were read as swapped feeds under a first rule).
    /// </summary>
    public const double MaxSwapMissRate = 0.2;

    /// <summary>
    /// A classifier's label feed that swapped classes (an encoder that maps 0 ↔ 1, a class list in another order): the
    /// labels disagree with the model far beyond chance, yet read through one exchange of class names they agree with
    /// it as labels did on held-out rows. A changing world moves some rows of a class, not every row of two classes
    /// into each other's: concept drift leaves misses under any exchange of names (a new concept that inverts a third of
    /// the rows fits no exchange). The exchange is the one-to-one map of the model's classes to the labels' that matches
    /// the most rows (taken greedily, largest count first); it must move at least two classes, each by
    /// <see cref="MinTradedRows"/> rows or more (a batch all of one class is the stuck check's, not a swap).
    /// <list type="bullet">
    /// <item>At least <paramref name="minLabels"/> labels the model answered, of classes it knows, from a model that
    /// missed at most <see cref="MaxSwapMissRate"/> of at least <see cref="MinSwapHeldOut"/> held-out rows.</item>
    /// <item>Read as written, the misses are beyond chance: the binomial upper tail at the held-out miss rate (its
    /// Clopper–Pearson upper bound at 1 − <see cref="RateAlpha"/>) is at most <see cref="MaxTail"/>.</item>
    /// <item>Read through the exchange, they fit as held-out labels did: within chance (binomial upper tail above
    /// <see cref="SwapFitTail"/>) at <see cref="SwapFitSlack"/> times the held-out miss rate (its point estimate,
    /// (misses + ½) / (rows + 1): a thin held-out sample must not make a loose fit) plus <see cref="SwapFitFloor"/>, and
    /// at most <see cref="SwapFitMaxShare"/> times that rate of the rows. STAGGER's concepts 0 and 2 leave a quarter of
    /// the rows missed under the exchange; a model 96 % right on held-out rows misses 4 %. (Chance alone let an Agrawal
    /// concept change on 20-row batches through, 7 of 20 left; the share alone, a swapped SEA batch of 500 rows whose
    /// 11.2 % exceeded 1.5 × 6.2 % + 1 %, which was trained on.)</item>
    /// </list>
    /// The finding's code is <c>swapped_classes</c>, about the label. The agent judges only batches that are no new region
    /// and no quality fault, of a version the labels agreed with on 3 earlier batches (a model that serves its classes
    /// under the wrong names after a deployment is a regression, not a fault of the labels).
    /// </summary>
    /// <param name="minTraded">The fewest rows of each class that traded (<see cref="MinTradedRows"/>; fewer where the batch
    /// before failed the label check and these labels continue it: a class of a tenth of 50-row batches has 2 rows in one
    /// batch of 9).</param>
    /// <param name="continuing">The batch before failed the label check: a rename needs no chance test of its misses as
    /// written (<see cref="MaxRenameTail"/>).</param>
    public static IReadOnlyList<Finding> CheckSwapped(ClassLabelBaseline baseline, IReadOnlyList<int> labels, IReadOnlyList<int> predicted, int minLabels = MinSwapLabels, int minTraded = MinTradedRows, bool continuing = false)
    {
        CheckArguments(baseline, labels, predicted);

        // Label classes beyond the baseline's (a name no held-out row had) get columns after its k, in order of appearance.
        var k = baseline.Rows.Count;
        var unseen = new Dictionary<int, int>();
        foreach (var l in labels)
        {
            if (l >= k && !unseen.ContainsKey(l))
            {
                unseen[l] = k + unseen.Count;
            }
        }

        var columns = k + unseen.Count;
        var counts = new int[k, columns];
        var answered = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            if (predicted[i] >= 0 && predicted[i] < k && labels[i] >= 0)
            {
                counts[predicted[i], labels[i] < k ? labels[i] : unseen[labels[i]]]++;
                answered++;
            }
        }

        var heldOut = baseline.Rows.Sum();
        var heldOutRate = (baseline.CalledOtherwise.Sum() + 0.5) / (heldOut + 1);
        if (answered < Math.Max(1, minLabels) || heldOut < MinSwapHeldOut || heldOutRate > MaxSwapMissRate)
        {
            return [];
        }

        var to = Exchange(counts, k, columns);
        var same = 0;
        var fit = 0;
        List<int> traded = [];
        for (var p = 0; p < k; p++)
        {
            same += counts[p, p];
            fit += counts[p, to[p]];
            if (to[p] != p && counts[p, to[p]] > 0)
            {
                traded.Add(p);
            }
        }

        // Two or more classes that traded names, or one class under a name no held-out row had whose old name all but
        // vanished (a rename; a new attack the model takes for a class leaves that class's own rows under its name).
        var keptName = traded.Count == 1 ? Enumerable.Range(0, k).Sum(q => counts[q, traded[0]]) : 0;
        var renamed = traded.Count == 1 && (to[traded[0]] >= k || baseline.Rows[to[traded[0]]] == 0)
            && MaxKeptPerRenamed * keptName <= counts[traded[0], to[traded[0]]];
        if ((traded.Count < 2 && !renamed) || traded.Exists(p => counts[p, to[p]] < Math.Max(1, minTraded)))
        {
            return [];
        }

        var rate = UpperBound(baseline.CalledOtherwise.Sum(), heldOut, RateAlpha);
        var asWritten = answered - same;
        var exchanged = answered - fit;
        var tail = DataQualityChecker.UpperTail(asWritten, answered, rate);
        var fitRate = Math.Min(1, (SwapFitSlack * heldOutRate) + SwapFitFloor);
        if (tail > (renamed ? (continuing ? 1 : MaxRenameTail) : MaxTail) || exchanged > SwapFitMaxShare * fitRate * answered
            || DataQualityChecker.UpperTail(exchanged, answered, fitRate) <= SwapFitTail)
        {
            return [];
        }

        var labelOf = unseen.ToDictionary(kv => kv.Value, kv => kv.Key);
        string LabelName(int column) => column < k ? Name(baseline, column) : Name(baseline, labelOf[column]);
        var pairs = string.Join(", ", traded.Select(p => $"{Name(baseline, p)} as {LabelName(to[p])} ({Num(counts[p, to[p]])})"));
        var evidence = new Dictionary<string, double>
        {
            ["labels"] = answered,
            ["misses"] = asWritten,
            ["misses_exchanged"] = exchanged,
            ["classes_traded"] = traded.Count,
            ["held_out_rate"] = (double)baseline.CalledOtherwise.Sum() / heldOut,
            ["rate_bound"] = rate,
            ["tail"] = tail,
            ["fit_rate"] = fitRate,
        };
        foreach (var p in traded)
        {
            evidence[$"class_{Num(p)}_written_as"] = to[p] < k ? to[p] : labelOf[to[p]];
        }

        var disagree = $"the labels disagree with the model on {Num(asWritten)} of {Num(answered)} rows (on held-out rows it missed {Pct((double)baseline.CalledOtherwise.Sum() / heldOut)}, "
            + $"at most {Pct(rate)}; binomial tail {tail.ToString("0.##e+0", CultureInfo.InvariantCulture)})";
        if (renamed)
        {
            var p = traded[0];
            return
            [
                new Finding(FindingKind.DataQuality, Severity.Critical, QualityCodes.RenamedClass, TargetQuality.Subject,
                    $"{disagree}: {Num(counts[p, to[p]])} rows the model calls {Name(baseline, p)} are labeled {LabelName(to[p])}, a class no held-out row had, "
                    + $"and {Num(keptName)} rows are labeled {Name(baseline, p)}; read with that name for {Name(baseline, p)} they disagree on only {Num(exchanged)}: "
                    + "the label feed looks to have renamed a class")
                {
                    Evidence = evidence,
                },
            ];
        }

        return
        [
            new Finding(FindingKind.DataQuality, Severity.Critical, QualityCodes.SwappedClasses, TargetQuality.Subject,
                $"{disagree}, yet read with classes exchanged they disagree on only {Num(exchanged)}: "
                + $"the rows the model calls {pairs} — the label feed looks to have swapped classes")
            {
                Evidence = evidence,
            },
        ];
    }

    /// <summary>The one-to-one map of predicted classes (k) to label classes (<paramref name="columns"/>, k or more) matching the most rows, taken greedily (largest count first, the same class before another on ties); classes no row maps keep their own name where free.</summary>
    private static int[] Exchange(int[,] counts, int k, int columns)
    {
        var to = Enumerable.Repeat(-1, k).ToArray();
        var taken = new bool[columns];
        var cells = new List<(int P, int L, int Count)>();
        for (var p = 0; p < k; p++)
        {
            for (var l = 0; l < columns; l++)
            {
                if (counts[p, l] > 0)
                {
                    cells.Add((p, l, counts[p, l]));
                }
            }
        }

        foreach (var (p, l, _) in cells.OrderByDescending(c => c.Count).ThenBy(c => c.P == c.L ? 0 : 1).ThenBy(c => c.P).ThenBy(c => c.L))
        {
            if (to[p] < 0 && !taken[l])
            {
                (to[p], taken[l]) = (l, true);
            }
        }

        for (var p = 0; p < k; p++)
        {
            if (to[p] < 0 && !taken[p])
            {
                (to[p], taken[p]) = (p, true);
            }
        }

        for (var p = 0; p < k; p++)
        {
            if (to[p] < 0)
            {
                var l = Array.IndexOf(taken, false);
                (to[p], taken[l]) = (l, true);
            }
        }

        return to;
    }

    private static string Name(ClassLabelBaseline baseline, int c) =>
        baseline.Names is { } names && c < names.Count ? $"'{DisplayText.Shorten(names[c])}'" : $"class {Num(c)}";

    private static void CheckArguments(ClassLabelBaseline baseline, IReadOnlyList<int> labels, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predicted);
        if (labels.Count != predicted.Count)
        {
            throw new ArgumentException($"{labels.Count} labels for {predicted.Count} predictions", nameof(predicted));
        }
    }

    /// <summary>The one-sided Clopper–Pearson upper bound of a rate of <paramref name="count"/> in <paramref name="rows"/> at 1 − <paramref name="alpha"/>.</summary>
    public static double UpperBound(int count, int rows, double alpha) =>
        count >= rows ? 1 : MathNet.Numerics.Distributions.Beta.InvCDF(count + 1, rows - count, 1 - alpha);

    private static string Num(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Pct(double rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
