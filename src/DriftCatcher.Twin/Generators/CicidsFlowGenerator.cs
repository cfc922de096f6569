namespace DriftCatcher.Twin.Generators;

/// <summary>
/// Network flows shaped like CICIDS2017's MachineLearningCVE files: 31 of its columns under their
/// real names (leading spaces included, e.g. " Flow Duration") and " Label" with its class names.
/// Each concept is a class mixture (e.g. 90% BENIGN, 10% DDoS); a row draws its class, then a flow
/// from that class's heavy-tailed profile. The dataset's quirks are kept: durations in microseconds;
/// a flow of one packet lasts 0 µs, so "Flow Bytes/s" is Infinity (or NaN when it carried 0 bytes)
/// and " Flow Packets/s" is Infinity, while "Fwd Packets/s" and " Bwd Packets/s" are 0 there (the
/// flow meter guards those); " Init_Win_bytes_backward" is -1 when nothing came back.
/// Incremental drift blends two mixtures.
/// </summary>
public sealed class CicidsFlowGenerator : TwinGenerator
{
    public const string Benign = "BENIGN";

    /// <summary>The class names, as CICIDS2017 spells them.</summary>
    public static readonly IReadOnlyList<string> Classes =
        [Benign, "DDoS", "PortScan", "DoS Hulk", "DoS slowloris", "DoS Slowhttptest", "SSH-Patator", "FTP-Patator", "Bot"];

    /// <summary>Column names as in the CICIDS2017 CSV headers (leading spaces are part of the name).</summary>
    public static readonly IReadOnlyList<string> ColumnNames =
    [
        " Destination Port", " Flow Duration", " Total Fwd Packets", " Total Backward Packets",
        "Total Length of Fwd Packets", " Total Length of Bwd Packets", " Fwd Packet Length Max",
        " Fwd Packet Length Min", " Fwd Packet Length Mean", "Bwd Packet Length Max", " Bwd Packet Length Min",
        " Bwd Packet Length Mean", "Flow Bytes/s", " Flow Packets/s", " Flow IAT Mean", " Flow IAT Max",
        " Flow IAT Min", "Fwd IAT Total", "Fwd Packets/s", " Bwd Packets/s", "FIN Flag Count", " SYN Flag Count",
        " RST Flag Count", " PSH Flag Count", " ACK Flag Count", " Down/Up Ratio", " Average Packet Size",
        "Init_Win_bytes_forward", " Init_Win_bytes_backward", "Active Mean", "Idle Mean",
    ];

    public const int FlowBytesPerSecond = 12;
    public const int FlowPacketsPerSecond = 13;

    /// <summary>CICFlowMeter's flow timeout: no flow lasts longer (µs).</summary>
    private const double MaxDurationUs = 119_999_998;

    private static readonly int[] BenignPorts = [443, 80, 53, 123, 22, 8080, 137, 389, 0];
    private static readonly double[] BenignPortWeights = Cumulative([0.32, 0.18, 0.28, 0.02, 0.02, 0.03, 0.02, 0.02, 0.11]);

    private static readonly TwinColumn[] Columns = [.. ColumnNames.Select(n => new TwinColumn(n))];
    private readonly double[][] _mixtures;

    /// <param name="mixtures">One class-probability vector per concept, indexed like <see cref="Classes"/>.</param>
    public CicidsFlowGenerator(IReadOnlyList<double[]> mixtures)
    {
        ArgumentNullException.ThrowIfNull(mixtures);
        ArgumentOutOfRangeException.ThrowIfZero(mixtures.Count);
        _mixtures = [.. mixtures.Select(Normalize)];
    }

    public override string Type => "cicids";

    public override IReadOnlyList<TwinColumn> Features => Columns;

    public override TwinColumn Label { get; } = new(" Label", Classes);

    public override int ConceptCount => _mixtures.Length;

    public override bool CanInterpolate => true;

    public override bool ConceptsRelabel => false;

    /// <summary>The class probabilities of a concept, indexed like <see cref="Classes"/>.</summary>
    public IReadOnlyList<double> MixtureOf(int concept) => _mixtures[concept];

    public override double Next(Random rng, ConceptState state, Span<double> features)
    {
        Span<double> cumulative = stackalloc double[Classes.Count];
        double total = 0;
        for (var i = 0; i < cumulative.Length; i++)
        {
            total += Sampling.Lerp(_mixtures[state.From][i], _mixtures[state.To][i], state.Progress);
            cumulative[i] = total;
        }

        var cls = Sampling.Pick(rng, cumulative);
        var flow = DrawFlow(rng, cls);
        WriteFeatures(rng, flow, features);
        return cls;
    }

    /// <summary>Fills the derived columns the way CICFlowMeter computes them from a flow's counts.</summary>
    internal static void WriteFeatures(Random rng, in Flow f, Span<double> x)
    {
        var n = f.FwdPackets + f.BwdPackets;
        var bytes = f.Fwd.Total + f.Bwd.Total;
        var seconds = f.DurationUs / 1e6;
        x[0] = f.Port;
        x[1] = f.DurationUs;
        x[2] = f.FwdPackets;
        x[3] = f.BwdPackets;
        x[4] = f.Fwd.Total;
        x[5] = f.Bwd.Total;
        x[6] = f.Fwd.Max;
        x[7] = f.Fwd.Min;
        x[8] = f.Fwd.Mean;
        x[9] = f.Bwd.Max;
        x[10] = f.Bwd.Min;
        x[11] = f.Bwd.Mean;
        // Division by a zero duration is left as it is in the dataset: ∞, or NaN for 0/0.
        x[FlowBytesPerSecond] = f.DurationUs == 0 ? (bytes == 0 ? double.NaN : double.PositiveInfinity) : bytes / seconds;
        x[FlowPacketsPerSecond] = f.DurationUs == 0 ? double.PositiveInfinity : n / seconds;
        if (n >= 2 && f.DurationUs > 0)
        {
            var mean = f.DurationUs / (n - 1);
            var u = rng.NextDouble();
            var v = rng.NextDouble();
            x[14] = Math.Round(mean, 4);
            x[15] = Math.Round(mean + ((f.DurationUs - mean) * u * u));
            x[16] = Math.Round(mean * v * v);
        }
        else
        {
            x[14] = x[15] = x[16] = 0;
        }

        x[17] = f.FwdPackets >= 2 ? Math.Round(f.DurationUs * Sampling.Uniform(rng, 0.5, 1.0)) : 0;
        x[18] = f.DurationUs > 0 ? f.FwdPackets / seconds : 0;
        x[19] = f.DurationUs > 0 ? f.BwdPackets / seconds : 0;
        x[20] = f.Fin;
        x[21] = f.Syn;
        x[22] = f.Rst;
        x[23] = f.Psh;
        x[24] = f.Ack;
        x[25] = f.FwdPackets > 0 ? Math.Floor((double)f.BwdPackets / f.FwdPackets) : 0;
        x[26] = n > 0 ? Math.Round(bytes / n, 4) : 0;
        x[27] = f.WinFwd;
        x[28] = f.BwdPackets == 0 ? -1 : f.WinBwd;
        if (f.DurationUs > 5e6)
        {
            // Flows longer than the activity timeout split into active and idle periods.
            var idle = Math.Round(f.DurationUs * Sampling.Uniform(rng, 0.5, 0.9));
            x[29] = Math.Round((f.DurationUs - idle) * Sampling.Uniform(rng, 0.01, 0.2));
            x[30] = idle;
        }
        else
        {
            x[29] = x[30] = 0;
        }
    }

    internal static Flow DrawFlow(Random rng, int cls) => Classes[cls] switch
    {
        Benign => DrawBenign(rng),
        "DDoS" => Tcp(rng, 80, fwd: (4, 0.3, 2), bwd: (4, 0.3, 0), fwdLen: (8, 1.0), bwdLen: (1900, 0.4),
            duration: (1.5e6, 1.0), winFwd: [256, 8192], winBwd: [229], flags: (0.02, 0.0, 0.0, 0.1, 0.6)),
        "PortScan" => DrawPortScan(rng),
        "DoS Hulk" => Tcp(rng, 80, fwd: (6, 0.5, 1), bwd: (5, 0.8, 0), fwdLen: (60, 0.4), bwdLen: (1800, 0.9),
            duration: (9e4, 2.0), winFwd: [29200], winBwd: [235], flags: (0.1, 0.0, 0.0, 0.4, 0.5)),
        "DoS slowloris" => Tcp(rng, 80, fwd: (7, 0.4, 2), bwd: (3, 0.5, 0), fwdLen: (35, 0.5), bwdLen: (2, 1.5),
            duration: (4e7, 0.6), winFwd: [29200], winBwd: [28960], flags: (0.05, 0.0, 0.0, 0.5, 0.4)),
        "DoS Slowhttptest" => Tcp(rng, 80, fwd: (4, 0.6, 1), bwd: (2, 0.8, 0), fwdLen: (20, 1.0), bwdLen: (5, 1.5),
            duration: (8e6, 1.3), winFwd: [29200], winBwd: [28960], flags: (0.05, 0.0, 0.0, 0.3, 0.5)),
        "SSH-Patator" => Tcp(rng, 22, fwd: (22, 0.2, 5), bwd: (33, 0.2, 5), fwdLen: (90, 0.2), bwdLen: (110, 0.2),
            duration: (6e6, 0.4), winFwd: [29200], winBwd: [247], flags: (0.5, 0.0, 0.0, 1.0, 0.3)),
        "FTP-Patator" => Tcp(rng, 21, fwd: (10, 0.2, 3), bwd: (16, 0.2, 3), fwdLen: (9, 0.3), bwdLen: (20, 0.3),
            duration: (4e6, 0.5), winFwd: [29200], winBwd: [227], flags: (0.5, 0.0, 0.0, 1.0, 0.3)),
        "Bot" => Tcp(rng, 8080, fwd: (4, 0.4, 1), bwd: (3, 0.5, 0), fwdLen: (60, 0.8), bwdLen: (40, 0.8),
            duration: (6e4, 1.5), winFwd: [8192], winBwd: [237], flags: (0.1, 0.0, 0.0, 0.4, 0.5)),
        _ => throw new ArgumentOutOfRangeException(nameof(cls), cls, "unknown CICIDS class"),
    };

    private static Flow DrawBenign(Random rng)
    {
        var port = BenignPorts[Sampling.Pick(rng, BenignPortWeights)];
        if (port == 0)
        {
            port = 1024 + rng.Next(64512);
        }

        if (rng.NextDouble() < 0.04)
        {
            // A lone packet: zero duration, the source of the dataset's Infinity and NaN rates.
            var payload = rng.NextDouble() < 0.5 ? 0 : 6;
            return new Flow(port, 0, 1, 0, LengthStats.Single(payload), LengthStats.Empty, 0, 0, 0, 0, rng.NextDouble() < 0.5 ? 1 : 0, 8192, -1);
        }

        if (port is 53 or 123 or 137)
        {
            var fwd = rng.NextDouble() < 0.3 ? 2 : 1;
            var bwd = rng.NextDouble() < 0.05 ? 0 : fwd;
            return new Flow(
                port,
                Math.Clamp(Math.Round(Sampling.LogNormal(rng, 25000, 1.2)), 1, MaxDurationUs),
                fwd,
                bwd,
                LengthStats.Draw(rng, fwd, 40, 0.3),
                LengthStats.Draw(rng, bwd, 120, 0.6),
                0,
                0,
                0,
                0,
                0,
                -1,
                -1);
        }

        return Tcp(rng, port, fwd: (8, 1.1, 2), bwd: (7, 1.2, 0), fwdLen: (80, 1.2), bwdLen: (700, 1.0),
            duration: (8e5, 2.3), winFwd: [8192, 29200, 65535, 251, 2052], winBwd: [0, 235, 28960, 65160, 512],
            flags: (0.15, 0.05, 0.02, 0.3, 0.35));
    }

    private static Flow DrawPortScan(Random rng)
    {
        var port = rng.NextDouble() < 0.7 ? 1 + rng.Next(1024) : 1 + rng.Next(65535);
        var fwd = rng.NextDouble() < 0.85 ? 1 : 2;
        var bwd = rng.NextDouble() < 0.3 ? 0 : 1;
        var duration = fwd + bwd == 1 ? 0 : Math.Max(1, Math.Round(Sampling.LogNormal(rng, 45, 0.7)));
        var winFwd = rng.NextDouble() < 0.5 ? 1024 : 29200;
        return new Flow(port, duration, fwd, bwd, LengthStats.Draw(rng, fwd, 0.2, 1.0), LengthStats.Empty,
            0, rng.NextDouble() < 0.6 ? 1 : 0, rng.NextDouble() < 0.3 ? 1 : 0, 0, 0, winFwd, 0);
    }

    private static Flow Tcp(
        Random rng,
        int port,
        (double Median, double Sigma, int Min) fwd,
        (double Median, double Sigma, int Min) bwd,
        (double Median, double Sigma) fwdLen,
        (double Median, double Sigma) bwdLen,
        (double Median, double Sigma) duration,
        int[] winFwd,
        int[] winBwd,
        (double Fin, double Syn, double Rst, double Psh, double Ack) flags)
    {
        var nf = Sampling.LogNormalInt(rng, fwd.Median, fwd.Sigma, fwd.Min, 20000);
        var nb = Sampling.LogNormalInt(rng, bwd.Median, bwd.Sigma, bwd.Min, 20000);
        var d = nf + nb < 2 ? 0 : Math.Clamp(Math.Round(Sampling.LogNormal(rng, duration.Median, duration.Sigma)), 1, MaxDurationUs);
        return new Flow(
            port,
            d,
            nf,
            nb,
            LengthStats.Draw(rng, nf, fwdLen.Median, fwdLen.Sigma),
            LengthStats.Draw(rng, nb, bwdLen.Median, bwdLen.Sigma),
            Flag(rng, flags.Fin),
            Flag(rng, flags.Syn),
            Flag(rng, flags.Rst),
            Flag(rng, flags.Psh),
            Flag(rng, flags.Ack),
            winFwd[rng.Next(winFwd.Length)],
            winBwd[rng.Next(winBwd.Length)]);
    }

    private static int Flag(Random rng, double p) => rng.NextDouble() < p ? 1 : 0;

    private static double[] Normalize(double[] weights)
    {
        if (weights.Length != Classes.Count)
        {
            throw new ArgumentException($"a mixture needs {Classes.Count} weights", nameof(weights));
        }

        var sum = weights.Sum();
        return [.. weights.Select(w => w / sum)];
    }

    private static double[] Cumulative(double[] weights)
    {
        var c = new double[weights.Length];
        double total = 0;
        for (var i = 0; i < c.Length; i++)
        {
            total += weights[i];
            c[i] = total;
        }

        return c;
    }

    /// <summary>Payload lengths of one direction's packets.</summary>
    internal readonly record struct LengthStats(double Total, double Max, double Min, double Mean)
    {
        public static readonly LengthStats Empty = new(0, 0, 0, 0);

        public static LengthStats Single(double payload) => new(payload, payload, payload, payload);

        public static LengthStats Draw(Random rng, int packets, double median, double sigma)
        {
            if (packets == 0)
            {
                return Empty;
            }

            var per = Math.Max(0, Math.Round(Sampling.LogNormal(rng, median, sigma)));
            var total = per * packets;
            if (packets == 1)
            {
                return Single(per);
            }

            var min = Math.Floor(per * Sampling.Uniform(rng, 0, 0.6));
            var max = Math.Min(total, Math.Ceiling(per * Sampling.Uniform(rng, 1, 3)));
            return new LengthStats(total, max, min, Math.Round(total / packets, 4));
        }
    }

    /// <summary>A flow's counts, from which <see cref="WriteFeatures"/> derives the rest.</summary>
    internal readonly record struct Flow(
        int Port,
        double DurationUs,
        int FwdPackets,
        int BwdPackets,
        LengthStats Fwd,
        LengthStats Bwd,
        int Fin,
        int Syn,
        int Rst,
        int Psh,
        int Ack,
        int WinFwd,
        int WinBwd);
}
