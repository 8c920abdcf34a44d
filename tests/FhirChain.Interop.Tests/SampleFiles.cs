namespace FhirChain.Interop.Tests;

/// <summary>Reads the copied sample corpus under Samples/ in the test output folder.</summary>
internal static class SampleFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Samples");

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public static IEnumerable<string> Under(string relativeFolder) =>
        Directory.EnumerateFiles(Path.Combine(Root, relativeFolder), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p))
            .Order(StringComparer.Ordinal);
}
