using FhirChain.Verify.Cli;

namespace FhirChain.Verify;

/// <summary>fhirchain-verify: checks FhirChain proofs offline (docs/provenance.md section 6).</summary>
internal static class VerifyProgram
{
    public static int Main(string[] args) => VerifyCli.Run(args, Console.Out, Console.Error);
}
