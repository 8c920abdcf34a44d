namespace FhirChain.Verify.Cli;

/// <summary>Process exit codes of fhirchain-verify.</summary>
internal static class ExitCodes
{
    public const int Verified = 0;
    public const int NotVerified = 1;
    public const int BadArguments = 2;
}
