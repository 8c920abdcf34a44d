namespace FhirChain.Interop.Er7;

public static partial class Er7Parser
{
    /// <summary>
    /// Parses a batch file: optional FHS ... FTS around optional BHS ... BTS groups of MSH
    /// messages (a bare sequence of messages is accepted too). Structural faults (a segment before
    /// any MSH, a second FHS, a second BHS without BTS, a BHS without messages) are reported as
    /// errors, as is each malformed message.
    /// </summary>
    public static Er7BatchResult ParseBatch(string text) => ParseBatch(text, Er7ParserOptions.Default);

    public static Er7BatchResult ParseBatch(string text, Er7ParserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var messages = new List<Hl7Message>();
        var errors = new List<Er7ParseError>();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new Er7ParseError(string.Empty, null, null, "The batch is empty."));
            return new Er7BatchResult(messages, errors);
        }

        if (text.Length > options.MaxMessageLength)
        {
            errors.Add(new Er7ParseError(string.Empty, null, null, $"The batch is longer than {options.MaxMessageLength} characters."));
            return new Er7BatchResult(messages, errors);
        }

        var state = new BatchState(messages, errors, options);
        var index = 0;
        foreach (var range in text.AsSpan().SplitAny(LineBreaks))
        {
            var line = text[range].Trim('\uFEFF', '\u000B', '\u001C', ' ', '\t');
            if (line.Length == 0)
            {
                continue;
            }

            index++;
            state.Accept(line, index);
        }

        state.Finish(index);
        return new Er7BatchResult(messages, errors);
    }

    private sealed class BatchState(List<Hl7Message> messages, List<Er7ParseError> errors, Er7ParserOptions options)
    {
        private readonly List<string> current = [];
        private int currentStart;
        private bool fileOpen;
        private bool fileSeen;
        private bool batchOpen;
        private int messagesInBatch;
        private bool orphanReported;

        public void Accept(string line, int index)
        {
            switch (SegmentIdOf(line))
            {
                case "FHS":
                    Flush();
                    if (fileSeen)
                    {
                        errors.Add(new Er7ParseError("FHS", index, null, "A second FHS in one file."));
                    }

                    fileSeen = fileOpen = true;
                    orphanReported = false;
                    break;
                case "BHS":
                    Flush();
                    if (batchOpen)
                    {
                        errors.Add(new Er7ParseError("BHS", index, null, "A second BHS before the first batch's BTS."));
                    }

                    batchOpen = true;
                    messagesInBatch = 0;
                    orphanReported = false;
                    break;
                case "BTS":
                    Flush();
                    CloseBatch(index);
                    break;
                case "FTS":
                    Flush();
                    if (batchOpen)
                    {
                        CloseBatch(index);
                    }

                    fileOpen = false;
                    break;
                case "MSH":
                    Flush();
                    current.Add(line);
                    currentStart = index;
                    messagesInBatch++;
                    break;
                default:
                    if (current.Count == 0)
                    {
                        if (!orphanReported)
                        {
                            errors.Add(new Er7ParseError(SegmentIdOf(line), index, null, "Segment received before message header."));
                            orphanReported = true;
                        }
                    }
                    else
                    {
                        current.Add(line);
                    }

                    break;
            }
        }

        public void Finish(int index)
        {
            Flush();
            if (fileOpen && batchOpen)
            {
                CloseBatch(index);
            }
        }

        private void CloseBatch(int index)
        {
            if (batchOpen && messagesInBatch == 0 && !orphanReported)
            {
                errors.Add(new Er7ParseError("BTS", index, null, "A batch without any MSH message."));
            }

            batchOpen = false;
        }

        private void Flush()
        {
            if (current.Count == 0)
            {
                return;
            }

            var result = ParseCore(string.Join('\r', current), options);
            if (result is Er7Parsed parsed)
            {
                messages.Add(parsed.Message);
            }
            else if (result is Er7ParseError error)
            {
                errors.Add(error with { SegmentIndex = error.SegmentIndex is { } i ? i + currentStart - 1 : currentStart });
            }

            current.Clear();
            orphanReported = false;
        }
    }
}
