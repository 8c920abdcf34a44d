using System.Data.Common;
using FhirChain.FhirApi.Audit;
using FhirChain.FhirApi.Bundles;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;
using FhirChain.Interop.Mapping;
using FhirChain.Provenance.Merkle;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

// The namespace is Hl7v2, not the folder's Hl7: a FhirChain.FhirApi.Hl7 namespace would hide the
// Firely SDK's root Hl7 namespace from every fully qualified Hl7.Fhir.* name in FhirChain.FhirApi.
namespace FhirChain.FhirApi.Hl7v2;

/// <summary>
/// Ingests one HL7 v2 message: parse, map to a transaction Bundle, and write it through the normal
/// FHIR transaction path together with the message's <c>hl7_messages</c> row (sender MSH-3^MSH-4,
/// control id MSH-10, the ACK) in one database transaction. The AA ACK is returned only after that
/// commit; a resend with the same sender and control id returns the stored ACK and writes nothing.
/// Failures store nothing: unparseable or unsupported messages get AR, messages that map or store
/// badly get AE with an ERR naming the problem. Every message, whatever became of it, is recorded in
/// the audit trail (<see cref="Hl7MessageAudit"/>).
/// </summary>
internal sealed partial class Hl7Ingest(
    TransactionProcessor transactions,
    FhirDbContext db,
    V2ToFhirMapper mapper,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<Hl7Ingest> logger)
{
    /// <summary>The base URL the mapped transaction is processed against (its entries use relative URLs).</summary>
    private const string TransactionBase = "urn:fhirchain:hl7v2";

    private const int MaxSenderLength = 400;
    private const int MaxControlIdLength = 200;

    /// <summary>Ingests ER7 text (one message) and records it in the audit trail.</summary>
    public async Task<Hl7IngestResult> IngestAsync(string text, CancellationToken cancellationToken)
    {
        if (!Er7Parser.Parse(text).TryGetMessage(out var message, out var parseError))
        {
            var ack = AckBuilder.Build(text, parseError, clock);
            LogMessageFailed(AckCode.AR, string.Empty, parseError.ToString());
            var rejected = new Hl7IngestResult(Hl7IngestOutcome.Rejected, ack, string.Empty, [parseError.ToString()]);
            audit.Record(AuditOfUnparsed(rejected));
            return rejected;
        }

        Hl7IngestResult result;
        try
        {
            result = await IngestAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug or broken infrastructure: the listener answers AE; the attempt is on record too.
            audit.Record(AuditOf(message, nameof(AckCode.AE), [], $"Processing failed with {ex.GetType().Name}: {ex.Message}"));
            throw;
        }

        audit.Record(AuditOf(message, AckCodeOf(result.Outcome), result.Written, DetailOf(result)));
        return result;
    }

    /// <summary>Ingests a parsed message.</summary>
    private async Task<Hl7IngestResult> IngestAsync(Hl7Message message, CancellationToken cancellationToken)
    {
        var sender = SenderOf(message);
        var controlId = message.ControlId;
        if (sender.Length > MaxSenderLength || controlId.Length > MaxControlIdLength)
        {
            return Fail(message, AckCode.AR, [new AckError(Hl7ErrorCode.DataTypeError, $"MSH-3^MSH-4 may have at most {MaxSenderLength} characters and MSH-10 at most {MaxControlIdLength}.", "MSH", 1, controlId.Length > MaxControlIdLength ? 10 : 3)]);
        }

        if (await FindStoredAckAsync(sender, controlId, cancellationToken) is { } stored)
        {
            return new Hl7IngestResult(Hl7IngestOutcome.Duplicate, stored, controlId, []);
        }

        switch (mapper.Map(message))
        {
            case V2MappingFailure failure:
                return Fail(message, failure.Code, failure.Errors);
            case V2Mapped mapped:
                return await StoreAsync(message, mapped.Transaction, sender, controlId, cancellationToken);
            default:
                throw new InvalidOperationException("Unknown mapping result.");
        }
    }

    /// <summary>The <c>hl7_messages</c> sender key of a message: MSH-3^MSH-4 (namespace ids).</summary>
    public static string SenderOf(Hl7Message message) => message.SendingApplication + "^" + message.SendingFacility;

    private async Task<Hl7IngestResult> StoreAsync(Hl7Message message, Bundle transaction, string sender, string controlId, CancellationToken cancellationToken)
    {
        var ack = AckBuilder.Build(message, AckCode.AA, [], clock);
        string? storedByOther = null;
        FhirResponse response;
        try
        {
            response = await transactions.ProcessAsync(new BundleRequest(transaction, TransactionBase, ReturnMinimal: true), async (session, token) =>
            {
                // Under the write session's log lock: a concurrent resend that committed first is seen here.
                storedByOther = await StoredAckQuery(session.Db, sender, controlId).FirstOrDefaultAsync(token);
                if (storedByOther is not null)
                {
                    return Outcomes.Conflict($"Message {controlId} from {sender} was already processed.");
                }

                session.Db.Hl7Messages.Add(new Hl7MessageRow { Sender = sender, ControlId = controlId, Ack = ack, ReceivedMs = clock.GetUtcNow().ToUnixTimeMilliseconds() });
                await session.Db.SaveChangesAsync(token);
                return null;
            }, cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // The unique key on (sender, control_id): another writer stored this message first.
            db.ChangeTracker.Clear();
            if (await FindStoredAckAsync(sender, controlId, cancellationToken) is { } stored)
            {
                return new Hl7IngestResult(Hl7IngestOutcome.Duplicate, stored, controlId, []);
            }

            return Fail(message, AckCode.AE, [new AckError(Hl7ErrorCode.ApplicationInternalError, "Storing the message failed: " + (ex.InnerException ?? ex).Message)]);
        }
        catch (Exception ex) when (ex is DbException or LogSizeConflictException)
        {
            db.ChangeTracker.Clear();
            return Fail(message, AckCode.AE, [new AckError(Hl7ErrorCode.ApplicationInternalError, "Storing the message failed: " + ex.Message)]);
        }

        if (storedByOther is not null)
        {
            return new Hl7IngestResult(Hl7IngestOutcome.Duplicate, storedByOther, controlId, []);
        }

        if (!response.IsSuccess)
        {
            return Fail(message, AckCode.AE, ErrorsOf(response));
        }

        return new Hl7IngestResult(Hl7IngestOutcome.Accepted, ack, controlId, []) { Written = WrittenBy(response) };
    }

    /// <summary>The resources (<c>Type/id</c>) a committed transaction wrote, from its response entries.</summary>
    private static List<string> WrittenBy(FhirResponse response) =>
        (response.Resource as Bundle)?.Entry.Select(e => e.FullUrl).OfType<string>()
            .Where(url => url.StartsWith(TransactionBase + "/", StringComparison.Ordinal))
            .Select(url => url[(TransactionBase.Length + 1)..])
            .ToList() ?? [];

    private Hl7MessageAudit AuditOf(Hl7Message message, string ackCode, IReadOnlyList<string> written, string? detail) =>
        new(message.SendingApplication, message.SendingFacility, message.ControlId, $"{message.MessageType}^{message.TriggerEvent}", ackCode, written, detail, clock.GetUtcNow());

    /// <summary>The audit record of text that did not parse: its AR echoes what could be salvaged (the sender as receiver, the control id in MSA-2).</summary>
    private Hl7MessageAudit AuditOfUnparsed(Hl7IngestResult rejected)
    {
        var ack = Er7Parser.Parse(rejected.Ack).TryGetMessage(out var parsed, out _) ? parsed : null;
        return new Hl7MessageAudit(ack?.ReceivingApplication ?? string.Empty, ack?.ReceivingFacility ?? string.Empty, ack?.Segment("MSA")?.Value(2) ?? string.Empty, string.Empty,
            nameof(AckCode.AR), [], DetailOf(rejected), clock.GetUtcNow());
    }

    private static string AckCodeOf(Hl7IngestOutcome outcome) => outcome switch
    {
        Hl7IngestOutcome.Accepted or Hl7IngestOutcome.Duplicate => nameof(AckCode.AA),
        Hl7IngestOutcome.Error => nameof(AckCode.AE),
        _ => nameof(AckCode.AR),
    };

    private static string? DetailOf(Hl7IngestResult result) => result.Outcome switch
    {
        Hl7IngestOutcome.Accepted => null,
        Hl7IngestOutcome.Duplicate => "A resend of a message already accepted: its stored ACK was returned and nothing was written.",
        _ => string.Join(" | ", result.Errors),
    };

    private Hl7IngestResult Fail(Hl7Message message, AckCode code, IReadOnlyList<AckError> errors)
    {
        var texts = errors.Select(e => e.Location.Length > 0 ? $"{e.Location}: {e.Text}" : e.Text).ToArray();
        LogMessageFailed(code, message.ControlId, string.Join(" | ", texts));
        var outcome = code == AckCode.AR ? Hl7IngestOutcome.Rejected : Hl7IngestOutcome.Error;
        return new Hl7IngestResult(outcome, AckBuilder.Build(message, code, errors, clock), message.ControlId, texts);
    }

    /// <summary>One ERR per OperationOutcome issue of a failed transaction, its diagnostics as the text.</summary>
    private static AckError[] ErrorsOf(FhirResponse response)
    {
        var issues = (response.Resource as OperationOutcome)?.Issue ?? [];
        var errors = issues
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => new AckError(Hl7ErrorCode.ApplicationInternalError, $"FHIR {response.StatusCode}: {i.Diagnostics ?? i.Details?.Text ?? i.Code?.ToString() ?? "error"}"))
            .ToArray();
        return errors.Length > 0 ? errors : [new AckError(Hl7ErrorCode.ApplicationInternalError, $"The FHIR transaction failed with status {response.StatusCode}.")];
    }

    private async Task<string?> FindStoredAckAsync(string sender, string controlId, CancellationToken cancellationToken) =>
        await StoredAckQuery(db, sender, controlId).FirstOrDefaultAsync(cancellationToken);

    private static IQueryable<string> StoredAckQuery(FhirDbContext context, string sender, string controlId) =>
        context.Hl7Messages.AsNoTracking().Where(m => m.Sender == sender && m.ControlId == controlId).Select(m => m.Ack);

    [LoggerMessage(EventId = LogEvents.Hl7MessageFailed, Level = LogLevel.Warning, Message = "HL7 v2 message '{ControlId}' answered {AckCode}: {Errors}")]
    private partial void LogMessageFailed(AckCode ackCode, string controlId, string errors);
}
