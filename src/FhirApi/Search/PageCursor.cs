using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Keyset paging position for the default order (newest <c>_lastUpdated</c> first, then id): the
/// last row of the page before. Opaque to clients (base64url of <c>ms:id</c>).
/// </summary>
internal sealed record PageCursor(long LastUpdatedMs, string ResourceId)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(LastUpdatedMs.ToString(CultureInfo.InvariantCulture) + ":" + ResourceId));

    public static PageCursor? TryParse(string value)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && long.TryParse(text[..colon], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) && IdRules.IsValid(text[(colon + 1)..])
                ? new PageCursor(ms, text[(colon + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
