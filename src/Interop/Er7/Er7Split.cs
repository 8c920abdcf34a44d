namespace FhirChain.Interop.Er7;

/// <summary>Allocation-light access to the n-th part of a delimited value.</summary>
internal static class Er7Split
{
    /// <summary>The 1-based <paramref name="index"/>-th part; "" when absent.</summary>
    public static string Part(string raw, char separator, int index)
    {
        if (index < 1)
        {
            return string.Empty;
        }

        if (separator == '\0')
        {
            return index == 1 ? raw : string.Empty;
        }

        var start = 0;
        for (var n = 1; n < index; n++)
        {
            var next = raw.IndexOf(separator, start);
            if (next < 0)
            {
                return string.Empty;
            }

            start = next + 1;
        }

        var end = raw.IndexOf(separator, start);
        return end < 0 ? (start == 0 ? raw : raw[start..]) : raw[start..end];
    }

    /// <summary>How many parts; an empty value has 0.</summary>
    public static int Count(string raw, char separator)
    {
        if (raw.Length == 0)
        {
            return 0;
        }

        return separator == '\0' ? 1 : raw.AsSpan().Count(separator) + 1;
    }
}
