using FhirChain.Verify.Cli;

namespace FhirChain.Provenance.Tests.Verify;

/// <summary>Temp files plus one run of the verifier's entry point.</summary>
internal sealed class VerifierRun : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("fhirchain-verify-");

    public string Write(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = VerifyCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString().Trim(), stderr.ToString().Trim());
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
