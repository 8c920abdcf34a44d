using FhirChain.Provenance.Notes;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Log;

/// <summary>The log's Ed25519 note signer, read from <c>Provenance:SigningKeyPath</c> or generated there on first start.</summary>
internal sealed class LogSigningKey
{
    public LogSigningKey(IOptions<ProvenanceOptions> options)
    {
        var path = Path.GetFullPath(options.Value.SigningKeyPath);
        if (File.Exists(path))
        {
            try
            {
                Signer = NoteSigner.Parse(File.ReadAllText(path).Trim());
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"Provenance:SigningKeyPath '{path}' does not hold a note signer key: {ex.Message}", ex);
            }

            if (Signer.Name != options.Value.Origin)
            {
                throw new InvalidOperationException(
                    $"Provenance:SigningKeyPath '{path}' holds a key named '{Signer.Name}', but Provenance:Origin is '{options.Value.Origin}'.");
            }
        }
        else
        {
            Signer = NoteSigner.Generate(options.Value.Origin);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            File.WriteAllText(temp, Signer.SignerKey + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temp, path, overwrite: false);
        }

        Verifier = NoteVerifier.Parse(Signer.VerifierKey);
    }

    public NoteSigner Signer { get; }

    public NoteVerifier Verifier { get; }

    public string VerifierKey => Signer.VerifierKey;
}
