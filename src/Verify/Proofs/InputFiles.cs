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

    public static NoteVerifier ReadKey(FileInfo file, string argument)
    {
        var text = ReadText(file, argument).Trim();
        try
        {
            return NoteVerifier.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{argument}: {ex.Message}");
        }
    }
}
