namespace DriftCatcher.Twin.Generators;

/// <summary>
/// Agrawal et al. (1993) loan applicants: salary, commission, age, elevel, car, zipcode, hvalue,
/// hyears, loan and the ten classification functions, numbered 1..10 as in the paper and MOA's
/// AgrawalGenerator. Label 0 = group A (the function holds), 1 = group B, as MOA numbers them.
/// Each concept is one function. Perturbation moves the numeric attributes by up to ±p of their
/// range after the label is set (feature noise, as in MOA).
/// </summary>
public sealed class AgrawalGenerator : TwinGenerator
{
    private static readonly TwinColumn[] Columns =
    [
        new("salary"), new("commission"), new("age"), new("elevel"), new("car"),
        new("zipcode"), new("hvalue"), new("hyears"), new("loan"),
    ];

    private static readonly string[][] UsedBy =
    [
        ["age"],
        ["age", "salary"],
        ["age", "elevel"],
        ["age", "elevel", "salary"],
        ["age", "salary", "loan"],
        ["age", "salary", "commission"],
        ["salary", "commission", "loan"],
        ["salary", "commission", "elevel"],
        ["salary", "commission", "elevel", "loan"],
        ["salary", "commission", "elevel", "hvalue", "hyears"],
    ];

    private readonly int[] _functions;
    private readonly double _perturbation;

    public AgrawalGenerator(IReadOnlyList<int> functions, double perturbation)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentOutOfRangeException.ThrowIfZero(functions.Count);
        _functions = [.. functions];
        _perturbation = perturbation;
    }

    public override string Type => "agrawal";

    public override IReadOnlyList<TwinColumn> Features => Columns;

    public override TwinColumn Label { get; } = new("label");

    public override int ConceptCount => _functions.Length;

    public IReadOnlyList<int> Functions => _functions;

    /// <summary>Applies classification function <paramref name="function"/> (1..10): 0 = group A, 1 = group B.</summary>
    public static int Classify(int function, AgrawalPerson p)
    {
        var groupA = function switch
        {
            1 => p.Age < 40 || p.Age >= 60,
            2 => p.Age < 40 ? Between(p.Salary, 50000, 100000)
                : p.Age < 60 ? Between(p.Salary, 75000, 125000)
                : Between(p.Salary, 25000, 75000),
            3 => p.Age < 40 ? p.Elevel is 0 or 1
                : p.Age < 60 ? p.Elevel is >= 1 and <= 3
                : p.Elevel is >= 2 and <= 4,
            4 => p.Age < 40 ? (p.Elevel is 0 or 1 ? Between(p.Salary, 25000, 75000) : Between(p.Salary, 50000, 100000))
                : p.Age < 60 ? (p.Elevel is >= 1 and <= 3 ? Between(p.Salary, 50000, 100000) : Between(p.Salary, 75000, 125000))
                : (p.Elevel is >= 2 and <= 4 ? Between(p.Salary, 50000, 100000) : Between(p.Salary, 25000, 75000)),
            5 => p.Age < 40 ? (Between(p.Salary, 50000, 100000) ? Between(p.Loan, 100000, 300000) : Between(p.Loan, 200000, 400000))
                : p.Age < 60 ? (Between(p.Salary, 75000, 125000) ? Between(p.Loan, 200000, 400000) : Between(p.Loan, 300000, 500000))
                : (Between(p.Salary, 25000, 75000) ? Between(p.Loan, 300000, 500000) : Between(p.Loan, 100000, 300000)),
            6 => p.Age < 40 ? Between(p.Salary + p.Commission, 50000, 100000)
                : p.Age < 60 ? Between(p.Salary + p.Commission, 75000, 125000)
                : Between(p.Salary + p.Commission, 25000, 75000),
            7 => (2.0 * (p.Salary + p.Commission) / 3.0) - (p.Loan / 5.0) - 20000 > 0,
            8 => (2.0 * (p.Salary + p.Commission) / 3.0) - (5000.0 * p.Elevel) - 20000 > 0,
            9 => (2.0 * (p.Salary + p.Commission) / 3.0) - (5000.0 * p.Elevel) - (p.Loan / 5.0) - 10000 > 0,
            10 => (2.0 * (p.Salary + p.Commission) / 3.0) - (5000.0 * p.Elevel) + (Equity(p) / 5.0) - 10000 > 0,
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, "Agrawal functions are numbered 1..10"),
        };
        return groupA ? 0 : 1;
    }

    public override double Next(Random rng, ConceptState state, Span<double> features)
    {
        var salary = Math.Round(Sampling.Uniform(rng, 20000, 150000), 2);
        var commission = salary >= 75000 ? 0 : Math.Round(Sampling.Uniform(rng, 10000, 75000), 2);
        var age = 20 + rng.Next(61);
        var elevel = rng.Next(5);
        var car = 1 + rng.Next(20);
        var zipcode = rng.Next(9);
        var hvalue = Math.Round((9.0 - zipcode) * 100000.0 * (0.5 + rng.NextDouble()), 2);
        var hyears = 1 + rng.Next(30);
        var loan = Math.Round(Sampling.Uniform(rng, 0, 500000), 2);
        var person = new AgrawalPerson(salary, commission, age, elevel, car, zipcode, hvalue, hyears, loan);
        var label = Classify(_functions[state.From], person);

        if (_perturbation > 0)
        {
            person = person with
            {
                Salary = Perturb(rng, salary, 20000, 150000, 2),
                Commission = commission == 0 ? 0 : Perturb(rng, commission, 10000, 75000, 2),
                Age = Perturb(rng, age, 20, 80, 0),
                Hvalue = Perturb(rng, hvalue, 0, 1350000, 2),
                Hyears = Perturb(rng, hyears, 1, 30, 0),
                Loan = Perturb(rng, loan, 0, 500000, 2),
            };
        }

        features[0] = person.Salary;
        features[1] = person.Commission;
        features[2] = person.Age;
        features[3] = person.Elevel;
        features[4] = person.Car;
        features[5] = person.Zipcode;
        features[6] = person.Hvalue;
        features[7] = person.Hyears;
        features[8] = person.Loan;
        return label;
    }

    public override bool LabelDependsOn(string column, int concept) =>
        Array.IndexOf(UsedBy[_functions[concept] - 1], column) >= 0;

    private static bool Between(double v, double lo, double hi) => v >= lo && v <= hi;

    private static double Equity(AgrawalPerson p) => p.Hyears >= 20 ? p.Hvalue * (p.Hyears - 20) / 10.0 : 0;

    private double Perturb(Random rng, double value, double min, double max, int digits)
    {
        var moved = value + ((max - min) * _perturbation * ((2 * rng.NextDouble()) - 1));
        return Math.Round(Math.Clamp(moved, min, max), digits);
    }
}
