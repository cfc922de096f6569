namespace DriftCatcher.Twin.Generators;

/// <summary>One loan applicant of the Agrawal et al. (1993) generator.</summary>
public readonly record struct AgrawalPerson(
    double Salary, double Commission, double Age, int Elevel, int Car, int Zipcode, double Hvalue, double Hyears, double Loan);
