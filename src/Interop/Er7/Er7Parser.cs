using System.Globalization;

namespace FhirChain.Interop.Er7;

/// <summary>
/// Parses ER7 ("pipe and hat") HL7 v2 text. Never throws for any input: malformed text gives an
/// <see cref="Er7ParseError"/> naming the segment and field. Segments may end with CR, LF or
/// CRLF; blank lines are skipped; a leading BOM and MLLP framing bytes are ignored.
/// </summary>
public static partial class Er7Parser
{
    private static readonly char[] LineBreaks = ['\r', '\n'];

    public static Er7ParseResult Parse(string text) => Parse(text, Er7ParserOptions.Default);

    public static Er7ParseResult Parse(string text, Er7ParserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return ParseCore(text, options);
        }
#pragma warning disable CA1031 // A parser fed by the network must not let a defect crash its caller.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return new Er7ParseError(string.Empty, null, null, "Internal parser error: " + ex.GetType().Name) { ErrorCode = 207 };
        }
    }

    internal static Er7ParseResult ParseCore(string? text, Er7ParserOptions options)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new Er7ParseError(string.Empty, null, null, "The message is empty.");
        }

        if (text.Length > options.MaxMessageLength)
        {
            return new Er7ParseError(string.Empty, null, null, $"The message is longer than {options.MaxMessageLength} characters.");
        }

        var body = TrimEnvelope(text);
        if (!body.StartsWith("MSH", StringComparison.Ordinal))
        {
            var first = SegmentIdOf(body);
            return new Er7ParseError(first, 1, null, "The message does not start with an MSH segment.");
        }

        var delimiterResult = ReadDelimiters(body, "MSH", 1);
        if (delimiterResult is not Er7Delimiters delimiters)
        {
            return (Er7ParseError)delimiterResult;
        }

        var segments = new List<Hl7Segment>();
        var index = 0;
        foreach (var range in body.AsSpan().SplitAny(LineBreaks))
        {
            var line = body.AsSpan(range);
            if (line.IsWhiteSpace())
            {
                continue;
            }

            index++;
            if (index > options.MaxSegments)
            {
                return new Er7ParseError(SegmentIdOf(line.ToString()), index, null, $"The message has more than {options.MaxSegments} segments.");
            }

            var segmentResult = ParseSegment(line.ToString(), delimiters, index, options);
            if (segmentResult.Error is { } error)
            {
                return error;
            }

            segments.Add(segmentResult.Segment!);
        }

        return ValidateHeader(segments, options) ?? (Er7ParseResult)new Er7Parsed(new Hl7Message(segments, delimiters));
    }

    private static string TrimEnvelope(string text)
    {
        var start = 0;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] is '\uFEFF' or '\u000B'))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] == '\u001C'))
        {
            end--;
        }

        return text[start..end];
    }

    internal static string SegmentIdOf(string line)
    {
        var length = 0;
        while (length < line.Length && length < 3 && !char.IsControl(line[length]) && line[length] is not '|')
        {
            length++;
        }

        return line[..length];
    }

    /// <summary>Reads MSH-1 and MSH-2 (or FHS/BHS-1, -2) from a header line.</summary>
    internal static object ReadDelimiters(string line, string segmentId, int segmentIndex)
    {
        if (line.Length < 8)
        {
            return new Er7ParseError(segmentId, segmentIndex, 2, $"The {segmentId} segment is truncated before its encoding characters.");
        }

        var field = line[3];
        if (!IsValidDelimiter(field))
        {
            return new Er7ParseError(segmentId, segmentIndex, 1, $"'{Printable(field)}' cannot be a field separator.");
        }

        var end = 4;
        while (end < line.Length && line[end] != field && line[end] is not '\r' and not '\n')
        {
            end++;
        }

        var encoding = line[4..end];
        if (encoding.Length is < 4 or > 5)
        {
            return new Er7ParseError(segmentId, segmentIndex, 2, $"The encoding characters must be 4 or 5 characters, found {encoding.Length}.");
        }

        var all = field + encoding;
        for (var i = 0; i < all.Length; i++)
        {
            if (!IsValidDelimiter(all[i]) || all.IndexOf(all[i], i + 1) >= 0)
            {
                return new Er7ParseError(segmentId, segmentIndex, 2, $"The encoding characters '{Printable(encoding)}' are not distinct punctuation.");
            }
        }

        if (end >= line.Length || line[end] != field)
        {
            return new Er7ParseError(segmentId, segmentIndex, 2, $"The {segmentId} segment ends after its encoding characters.");
        }

        return new Er7Delimiters(field, encoding[0], encoding[1], encoding[2], encoding[3], encoding.Length == 5 ? encoding[4] : '\0');
    }

    private static bool IsValidDelimiter(char c) =>
        c is > ' ' and < '\u007F' && !char.IsLetterOrDigit(c);

    private static string Printable(string text) => string.Concat(text.Select(Printable));

    private static string Printable(char c) =>
        c is < ' ' or >= '\u007F' ? "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture) : c.ToString();

    private static (Hl7Segment? Segment, Er7ParseError? Error) ParseSegment(string line, Er7Delimiters delimiters, int index, Er7ParserOptions options)
    {
        var id = SegmentIdOf(line);
        if (id.Length != 3 || !IsSegmentId(id) || (line.Length > 3 && line[3] != delimiters.Field))
        {
            var shown = line.Length > 8 ? line[..8] : line;
            return (null, new Er7ParseError(Printable(shown.Split(delimiters.Field)[0]), index, null, "A segment id must be three upper-case letters or digits followed by the field separator."));
        }

        var isHeader = id is "MSH" or "FHS" or "BHS";
        string[] fields;
        if (isHeader)
        {
            var headerDelimiters = ReadDelimiters(line, id, index);
            if (headerDelimiters is Er7ParseError headerError)
            {
                return (null, headerError);
            }

            if (!delimiters.Equals(headerDelimiters))
            {
                return (null, new Er7ParseError(id, index, 2, "The encoding characters differ from the message header's."));
            }

            var rest = line[(4 + delimiters.EncodingCharacters.Length)..];
            var parts = rest.Split(delimiters.Field);
            fields = new string[parts.Length + 2];
            fields[0] = id;
            fields[1] = delimiters.Field.ToString();
            fields[2] = delimiters.EncodingCharacters;
            Array.Copy(parts, 1, fields, 3, parts.Length - 1);
        }
        else
        {
            fields = line.Split(delimiters.Field);
        }

        for (var f = 1; f < fields.Length; f++)
        {
            var value = fields[f];
            if (value.Length > options.MaxFieldLength)
            {
                return (null, new Er7ParseError(id, index, f, $"The field is longer than {options.MaxFieldLength} characters."));
            }

            foreach (var c in value)
            {
                if (c < ' ' && c != '\t')
                {
                    return (null, new Er7ParseError(id, index, f, $"The field holds the control character {Printable(c)}.") { ErrorCode = 102 });
                }
            }
        }

        return (new Hl7Segment(id, fields, delimiters, line), null);
    }

    private static bool IsSegmentId(string id) =>
        id[0] is >= 'A' and <= 'Z'
        && id[1] is (>= 'A' and <= 'Z') or (>= '0' and <= '9')
        && id[2] is (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    private static Er7ParseError? ValidateHeader(List<Hl7Segment> segments, Er7ParserOptions options)
    {
        var msh = segments[0];
        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i].Id is "MSH" or "FHS" or "BHS" or "BTS" or "FTS")
            {
                return new Er7ParseError(segments[i].Id, i + 1, null, $"A {segments[i].Id} segment inside a single message (batches go through ParseBatch).");
            }
        }

        if (msh.Value(9, 1).Length == 0)
        {
            return new Er7ParseError("MSH", 1, 9, "MSH-9 message type is missing.") { ErrorCode = 101 };
        }

        if (msh.Value(10).Length == 0)
        {
            return new Er7ParseError("MSH", 1, 10, "MSH-10 message control id is missing.") { ErrorCode = 101 };
        }

        var version = msh.Value(12);
        if (version.Length == 0)
        {
            return new Er7ParseError("MSH", 1, 12, "MSH-12 version id is missing.") { ErrorCode = 101 };
        }

        if (!IsSupportedVersion(version, options.AcceptAnyV2Version))
        {
            return new Er7ParseError("MSH", 1, 12, $"HL7 version '{version}' is not supported (2.3 to 2.8).") { ErrorCode = 203 };
        }

        return null;
    }

    private static bool IsSupportedVersion(string version, bool anyV2)
    {
        if (version.Length < 3 || version[0] != '2' || version[1] != '.' || !char.IsAsciiDigit(version[2]))
        {
            return false;
        }

        var tail = version[3..];
        if (tail.Length > 0 && (tail[0] != '.' || tail.Length == 1 || !tail[1..].All(char.IsAsciiDigit)))
        {
            return false;
        }

        return anyV2 || version[2] is >= '3' and <= '8';
    }
}
