using System.Text;

namespace FhirChain.Interop.Er7;

/// <summary>
/// HL7 escape sequences. Decoded: \F\ \S\ \T\ \R\ \E\ \P\ (truncation), \Xhh..\ (hex bytes, read
/// as UTF-8 when valid, else Latin-1), \.br\ and \.sp\ (line break). Dropped: the highlighting
/// and formatting commands \H\ \N\ \.in\ \.ti\ \.sk\ \.fi\ \.nf\ \.ce\ and the character set
/// switches \C..\ \M..\. Anything else (\Z..\ locally defined, an unterminated escape) is kept
/// as written.
/// </summary>
internal static class Er7Escaping
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static string Unescape(string raw, Er7Delimiters delimiters)
    {
        var escape = delimiters.Escape;
        if (escape == '\0' || raw.IndexOf(escape, StringComparison.Ordinal) < 0)
        {
            return raw;
        }

        var builder = new StringBuilder(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (c != escape)
            {
                builder.Append(c);
                i++;
                continue;
            }

            var end = raw.IndexOf(escape, i + 1);
            if (end < 0)
            {
                builder.Append(raw, i, raw.Length - i);
                break;
            }

            var body = raw.AsSpan(i + 1, end - i - 1);
            if (!TryDecode(body, delimiters, builder))
            {
                builder.Append(raw, i, end - i + 1);
            }

            i = end + 1;
        }

        return builder.ToString();
    }

    public static string Escape(string text, Er7Delimiters delimiters)
    {
        if (text.AsSpan().IndexOfAny([delimiters.Field, delimiters.Component, delimiters.Repetition, delimiters.Escape, delimiters.SubComponent, '\r', '\n']) < 0
            || text.Length == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c == '\0')
            {
                continue;
            }

            if (c == delimiters.Field)
            {
                Append(builder, delimiters, "F");
            }
            else if (c == delimiters.Component)
            {
                Append(builder, delimiters, "S");
            }
            else if (c == delimiters.Repetition)
            {
                Append(builder, delimiters, "R");
            }
            else if (c == delimiters.Escape)
            {
                Append(builder, delimiters, "E");
            }
            else if (c == delimiters.SubComponent)
            {
                Append(builder, delimiters, "T");
            }
            else if (c == delimiters.Truncation)
            {
                Append(builder, delimiters, "P");
            }
            else if (c == '\n')
            {
                Append(builder, delimiters, ".br");
            }
            else if (c != '\r')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Er7Delimiters delimiters, string code) =>
        builder.Append(delimiters.Escape).Append(code).Append(delimiters.Escape);

    private static bool TryDecode(ReadOnlySpan<char> body, Er7Delimiters delimiters, StringBuilder builder)
    {
        if (body.Length == 1)
        {
            switch (body[0])
            {
                case 'F': builder.Append(delimiters.Field); return true;
                case 'S': builder.Append(delimiters.Component); return true;
                case 'T': builder.Append(delimiters.SubComponent); return true;
                case 'R': builder.Append(delimiters.Repetition); return true;
                case 'E': builder.Append(delimiters.Escape); return true;
                case 'P' when delimiters.Truncation != '\0': builder.Append(delimiters.Truncation); return true;
                case 'H' or 'N': return true;
                default: return false;
            }
        }

        if (body.Length == 0)
        {
            return false;
        }

        if (body[0] == 'X')
        {
            return TryDecodeHex(body[1..], builder);
        }

        if (body[0] is 'C' or 'M' && IsHex(body[1..]))
        {
            return true;
        }

        if (body[0] == '.')
        {
            var command = body[1..];
            if (command.StartsWith("br", StringComparison.Ordinal) || command.StartsWith("sp", StringComparison.Ordinal))
            {
                builder.Append('\n');
                return true;
            }

            return command.StartsWith("in", StringComparison.Ordinal) || command.StartsWith("ti", StringComparison.Ordinal)
                || command.StartsWith("sk", StringComparison.Ordinal) || command.StartsWith("fi", StringComparison.Ordinal)
                || command.StartsWith("nf", StringComparison.Ordinal) || command.StartsWith("ce", StringComparison.Ordinal);
        }

        return false;
    }

    private static bool IsHex(ReadOnlySpan<char> hex) =>
        hex.Length > 0 && hex.Length % 2 == 0 && !hex.ContainsAnyExcept("0123456789ABCDEFabcdef");

    private static bool TryDecodeHex(ReadOnlySpan<char> hex, StringBuilder builder)
    {
        if (!IsHex(hex))
        {
            return false;
        }

        var bytes = Convert.FromHexString(hex);
        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            decoded = Encoding.Latin1.GetString(bytes);
        }

        builder.Append(decoded);
        return true;
    }
}
