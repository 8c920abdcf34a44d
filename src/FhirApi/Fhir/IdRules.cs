namespace FhirChain.FhirApi;

/// <summary>The R4 <c>id</c> datatype: 1 to 64 of <c>[A-Za-z0-9\-\.]</c>.</summary>
internal static class IdRules
{
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.'))
            {
                return false;
            }
        }

        return true;
    }

    public static string NewId() => Guid.CreateVersion7().ToString();
}
