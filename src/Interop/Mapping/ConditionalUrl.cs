using System.Text;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>Builds <c>Type?identifier=system|value</c> search URLs, escaping as FHIR search and URLs require.</summary>
internal static class ConditionalUrl
{
    public static string ForIdentifier(string resourceType, Identifier identifier)
    {
        var value = Encode(EscapeSearch(identifier.Value ?? string.Empty));
        var token = identifier.System is null ? value : Encode(EscapeSearch(identifier.System)) + "|" + value;
        return resourceType + "?identifier=" + token;
    }

    private static string EscapeSearch(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal);

    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or ':' or '/' or '@')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
