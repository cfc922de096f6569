namespace DriftCatcher.Core.Agent.Verification;

/// <summary>Where the check of a corrective action stands.</summary>
public enum VerificationStatus
{
    Pending,
    Succeeded,
    Failed,
}
