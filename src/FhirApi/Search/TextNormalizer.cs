using System.Globalization;
using System.Text;

namespace FhirChain.FhirApi.Search;

/// <summary>Folds case and accents, as FHIR string search requires (<c>name=eve</c> matches <c>Ève</c>).</summary>
internal static class TextNormalizer
{
    public const int MaxLength = 1024;

    public static string Normalize(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return Truncate(builder.ToString().Normalize(NormalizationForm.FormC));
    }

    public static string Truncate(string value) => value.Length <= MaxLength ? value : value[..MaxLength];
}
