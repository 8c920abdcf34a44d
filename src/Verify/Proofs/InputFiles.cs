using FhirChain.Provenance.Notes;
using FhirChain.Verify.Cli;

namespace FhirChain.Verify.Proofs;

/// <summary>Reads the input files, turning every failure into a <see cref="UsageException"/> naming the argument.</summary>
internal static class InputFiles
{
    public static byte[] ReadBytes(FileInfo file, string argument)
    {
        try
        {
            return File.ReadAllBytes(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{argument}: cannot read '{file.FullName}': {ex.Message}");
        }
    }

    public static string ReadText(FileInfo file, string argument) =>
        new System.Text.UTF8Encoding(false).GetString(ReadBytes(file, argument));

    /// <summary>
    /// Reads the verifier key. An unreadable or empty file is a usage error; a key that does not
    /// parse (e.g. altered by one character, so that its key id no longer matches) is returned as a
    /// verification failure, since a wrong key is what tampering with it looks like.
    /// </summary>
    public static NoteVerifier? ReadKey(FileInfo file, string argument, out VerifyOutcome? failure)
    {
        failure = null;
        var text = ReadText(file, argument).Trim();
        if (text.Length == 0)
        {
            throw new UsageException($"{argument}: the key file '{file.FullName}' is empty.");
        }

        try
        {
            return NoteVerifier.Parse(text);
        }
        catch (FormatException ex)
        {
            failure = VerifyOutcome.Fail($"verifier key: {ex.Message}");
            return null;
        }
    }
}
