using System.Runtime.InteropServices;

namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>
/// Gradient, hessian and sample count of one bin. All three are doubles so a histogram can be
/// treated as a flat double span (vectorised subtraction of the smaller child from the parent).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HistBin
{
    public double G;
    public double H;
    public double Count;
}
