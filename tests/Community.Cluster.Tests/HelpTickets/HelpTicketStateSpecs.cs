using Community.Cluster.HelpTickets;
using Community.Cluster.Tests.Support;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;
using static Community.Cluster.Tests.HelpTickets.TicketRules;

namespace Community.Cluster.Tests.HelpTickets;

/// <summary>The ticket's rules on <see cref="HelpTicketState"/> alone: every step of a ticket's life allowed to the role
/// it belongs to and refused to every other role and in every status it does not fit, the timeline, the SLA clock
/// (escalations once per level, closing after the quiet period) and what the live streams are told.</summary>
public sealed class HelpTicketStateSpecs
{
    // ---- Filing ----

    [Theory]
    [InlineData(TicketKinds.Help)]
    [InlineData(TicketKinds.Complaint)]
    [InlineData(TicketKinds.Suggestion)]
    public void Every_ticket_kind_can_be_filed(string kind)
    {
        var filed = Assert.IsType<TicketFiled>(Assert.Single(Nothing.Decide(Samples.Ticket(Id, kind)).Events));

        Assert.Equal(new TicketFiled(Ticket, new UserId("u-citizen"), "市民小王", kind, "路灯不亮",
            "文三路 the street lights have been out for a week", "330106", "roads", new GeoLocation(30.2741, 120.1551, "文三路 12号"),
            new TicketContact("13800000000"), new TicketPrivacy(true, false), null, AcceptDue, FiledAt), filed);
    }

    [Fact]
    public void A_filed_ticket_is_submitted_with_an_acceptance_clock_and_a_first_step_by_the_citizen()
    {
        var view = Filed().View();

        Assert.Equal((TicketStatuses.Submitted, 1L, FiledAt, "roads", (string?)null), (view.Status, view.Seq, view.FiledAt, view.Category, view.DepartmentId));
        Assert.Equal(new GeoLocation(30.2741, 120.1551, "文三路 12号"), view.Location);
        Assert.Equal(new SlaClock(TicketStages.Acceptance, FiledAt, AcceptDue, 0), view.Clock);
        Assert.Equal<TimelineStep>([new TimelineStep(FiledAt, TicketStatuses.Submitted, TicketActorRoles.Citizen, null, true)], view.Timeline);
        Assert.Empty(view.Escalations);
        Assert.Null(view.Feedback);
    }

    [Theory]
    [InlineData("praise")]
    [InlineData("")]
    [InlineData("Help")]
    public void An_unknown_ticket_kind_is_rejected_as_invalid(string kind) =>
        Nothing.Refuses(Samples.Ticket(Id, kind), RejectionReason.Invalid);

    [Theory]
    [InlineData("an unknown category")]
    [InlineData("an unknown region")]
    [InlineData("a blank title")]
    [InlineData("a title of 101 characters")]
    [InlineData("a blank body")]
    [InlineData("a body of 4001 characters")]
    [InlineData("a latitude beyond the pole")]
    [InlineData("a longitude beyond the date line")]
    public void A_filing_with_bad_content_is_rejected_as_invalid_and_no_ticket_exists(string what)
    {
        var ticket = Samples.Ticket(Id);
        var bad = what switch
        {
            "an unknown category" => ticket with { Category = "weather" },
            "an unknown region" => ticket with { RegionCode = "110000" },
            "a blank title" => ticket with { Title = "   " },
            "a title of 101 characters" => ticket with { Title = new string('灯', TicketLimits.MaxTitle + 1) },
            "a blank body" => ticket with { Body = "" },
            "a body of 4001 characters" => ticket with { Body = new string('灯', TicketLimits.MaxBody + 1) },
            "a latitude beyond the pole" => ticket with { Location = new GeoLocation(90.5, 120, null) },
            "a longitude beyond the date line" => ticket with { Location = new GeoLocation(30, -180.5, null) },
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        Nothing.Refuses(bad, RejectionReason.Invalid);
        Nothing.Refuses(new GetTicket(Ticket), RejectionReason.NotFound);
    }

    [Fact]
    public void The_longest_title_and_body_are_accepted() =>
        Nothing.Persists<TicketFiled>(Samples.Ticket(Id) with
        {
            Title = new string('灯', TicketLimits.MaxTitle), Body = new string('灯', TicketLimits.MaxBody),
        });

    [Fact]
    public void A_ticket_without_a_location_is_accepted()
    {
        var (after, _) = Nothing.Persists<TicketFiled>(Samples.Ticket(Id) with { Location = null });

        Assert.Null(after.Location);
    }

    [Fact]
    public void Filing_the_same_ticket_again_is_accepted_unchanged_and_other_content_under_its_id_is_rejected_as_already_existing()
    {
        var filed = Filed();

        Assert.Equal(1, filed.Unchanged(Samples.Ticket(Id)));
        filed.Refuses(Samples.Ticket(Id, TicketKinds.Complaint), RejectionReason.AlreadyExists);
    }

    [Fact]
    public void A_ticket_that_was_never_filed_is_not_found_for_any_command()
    {
        Nothing.Refuses(new GetTicket(Ticket), RejectionReason.NotFound);
        Nothing.Refuses(AcceptTo(), RejectionReason.NotFound);
        Nothing.Refuses(Reply(), RejectionReason.NotFound);
        Nothing.Refuses(Check(FiledAt.AddYears(1)), RejectionReason.NotFound);
    }

    [Fact]
    public void A_message_for_another_kind_of_entity_is_rejected_as_invalid() =>
        Filed().Refuses(new GetUser(new UserId("u-1")), RejectionReason.Invalid);

    // ---- Review ----

    [Fact]
    public void A_moderator_accepting_a_ticket_persists_its_acceptance_and_its_assignment_and_starts_the_first_reply_clock()
    {
        var (after, events) = Filed().Persists(AcceptTo(Xihu));

        Assert.Equal<ICommunityEvent>([
            new TicketAccepted(Ticket, Moderator, AcceptReason, ReviewedAt),
            new TicketAssigned(Ticket, Xihu, null, Moderator, AcceptReason, ReplyDue, ReviewedAt),
        ], events);
        var view = after.View();
        Assert.Equal((TicketStatuses.Assigned, Xihu, 3L), (view.Status, view.DepartmentId, view.Seq));
        Assert.Equal(new SlaClock(TicketStages.FirstReply, ReviewedAt, ReplyDue, 0), view.Clock);
        Assert.Equal([Xihu], after.Departments);
        Assert.True(after.IsHandledBy(Xihu));
        Assert.Equal<TimelineStep>([
            new TimelineStep(ReviewedAt, TicketStatuses.Accepted, TicketActorRoles.Moderator, AcceptReason, true),
            new TimelineStep(ReviewedAt, TicketStatuses.Assigned, Xihu, null, true),
        ], view.Timeline.Skip(1));
    }

    [Fact]
    public void A_moderator_rejecting_a_ticket_makes_it_final_with_the_reason_and_no_clock()
    {
        var (after, rejected) = Filed().Persists<TicketRejected>(RejectIt());

        Assert.Equal(new TicketRejected(Ticket, Moderator, RejectReason, ReviewedAt), rejected);
        Assert.Equal((TicketStatuses.Rejected, (SlaClock?)null, (string?)null), (after.Status, after.Clock, after.DepartmentId));
        Assert.Equal(new TimelineStep(ReviewedAt, TicketStatuses.Rejected, TicketActorRoles.Moderator, RejectReason, true), after.Timeline[^1]);
    }

    [Fact]
    public void A_moderator_marking_a_ticket_duplicate_names_the_original_and_makes_it_final()
    {
        var original = new TicketId("t-0");

        var (after, duplicate) = Filed().Persists<TicketMarkedDuplicate>(DuplicateOf(original));

        Assert.Equal(new TicketMarkedDuplicate(Ticket, original, Moderator, DuplicateReason, ReviewedAt), duplicate);
        var view = after.View();
        Assert.Equal((TicketStatuses.Duplicate, original, (SlaClock?)null), (view.Status, view.DuplicateOf, view.Clock));
        Assert.Equal(new TimelineStep(ReviewedAt, TicketStatuses.Duplicate, TicketActorRoles.Moderator, DuplicateReason, true), view.Timeline[^1]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(Id)]
    public void A_duplicate_names_another_ticket_not_none_and_not_itself(string? original) =>
        Filed().Refuses(DuplicateOf(original is null ? null : new TicketId(original)), RejectionReason.Invalid);

    [Theory]
    [InlineData("d-110000-roads")]
    [InlineData("roads")]
    [InlineData(null)]
    public void An_acceptance_names_a_known_department(string? departmentId) =>
        Filed().Refuses(AcceptTo(departmentId), RejectionReason.Invalid);

    [Fact]
    public void An_acceptance_without_a_reply_due_time_is_invalid() =>
        Filed().Refuses(AcceptTo(noDue: true), RejectionReason.Invalid);

    [Theory]
    [InlineData("approve")]
    [InlineData("")]
    [InlineData("Accept")]
    public void An_unknown_review_decision_is_invalid(string decision) =>
        Filed().Refuses(Review(decision), RejectionReason.Invalid);

    [Theory]
    [InlineData("citizen")]
    [InlineData("another citizen")]
    [InlineData("xihu")]
    [InlineData("gongshu")]
    [InlineData("staff of no department")]
    [InlineData("system")]
    public void Only_a_moderator_reviews_a_ticket(string who)
    {
        var filed = Filed();

        foreach (var decision in ReviewDecisions.All)
            filed.Refuses(Review(decision, Who(who)), RejectionReason.Forbidden);
    }

    [Theory]
    [InlineData(TicketStatuses.Assigned)]
    [InlineData(TicketStatuses.Answered)]
    [InlineData(TicketStatuses.Resolved)]
    [InlineData(TicketStatuses.Closed)]
    [InlineData(TicketStatuses.Rejected)]
    [InlineData(TicketStatuses.Duplicate)]
    public void A_ticket_is_reviewed_once(string status)
    {
        var reviewed = In(status);

        foreach (var decision in ReviewDecisions.All)
            reviewed.Refuses(Review(decision), RejectionReason.InvalidState);
    }

    // ---- Replies ----

    [Fact]
    public void The_handling_departments_first_reply_answers_the_ticket_and_starts_the_resolution_clock()
    {
        var (after, replied) = Assigned().Persists<TicketReplied>(Reply());

        Assert.Equal(new TicketReplied(Ticket, Xihu, Staff(Xihu), "rp-1", ReplyText, true, true, ResolveDue, RepliedAt), replied);
        var view = after.View();
        Assert.Equal((TicketStatuses.Answered, RepliedAt, 4L), (view.Status, view.FirstReplyAt!.Value, view.Seq));
        Assert.Equal(new SlaClock(TicketStages.Resolution, RepliedAt, ResolveDue, 0), view.Clock);
        Assert.Equal(new TimelineStep(RepliedAt, TicketStatuses.Answered, Xihu, ReplyText, true), view.Timeline[^1]);
    }

    [Fact]
    public void A_later_reply_is_recorded_without_restarting_the_resolution_clock_and_a_private_one_is_a_private_step()
    {
        var later = RepliedAt.AddDays(1);

        var (after, replied) = Answered().Persists<TicketReplied>(Reply(replyId: "rp-2", isPublic: false, at: later, text: "施工单位明日进场"));

        Assert.False(replied.First);
        Assert.Equal(new SlaClock(TicketStages.Resolution, RepliedAt, ResolveDue, 0), after.Clock);
        Assert.Equal((TicketStatuses.Answered, RepliedAt), (after.Status, after.FirstReplyAt!.Value));
        Assert.Equal(new TimelineStep(later, TicketStatuses.Answered, Xihu, "施工单位明日进场", false), after.Timeline[^1]);
    }

    [Fact]
    public void A_retried_reply_with_the_same_id_is_accepted_and_not_recorded_twice()
    {
        var answered = Answered();

        Assert.Equal(answered.Seq, answered.Unchanged(Reply(at: RepliedAt.AddHours(1))));
        Assert.Single(answered.Timeline, s => s.Status == TicketStatuses.Answered);
    }

    [Theory]
    [InlineData("citizen")]
    [InlineData("another citizen")]
    [InlineData("moderator")]
    [InlineData("a moderator naming a department")]
    [InlineData("gongshu")]
    [InlineData("hangzhou")]
    [InlineData("staff of no department")]
    [InlineData("system")]
    public void Only_the_staff_of_the_handling_department_reply(string who)
    {
        Assigned().Refuses(Reply(Who(who)), RejectionReason.Forbidden);
        Answered().Refuses(Reply(Who(who), "rp-2"), RejectionReason.Forbidden);
    }

    [Theory]
    [InlineData(TicketStatuses.Submitted)]
    [InlineData(TicketStatuses.Rejected)]
    [InlineData(TicketStatuses.Duplicate)]
    public void No_department_replies_to_or_resolves_a_ticket_no_department_was_given(string status)
    {
        var ticket = In(status);

        foreach (var who in new[] { "xihu", "moderator" })
        {
            ticket.Refuses(Reply(Who(who)), RejectionReason.Forbidden);
            ticket.Refuses(Resolve(Who(who)), RejectionReason.Forbidden);
        }
    }

    [Theory]
    [InlineData(TicketStatuses.Resolved)]
    [InlineData(TicketStatuses.Closed)]
    public void The_handling_department_cannot_reply_once_the_ticket_is_resolved(string status) =>
        In(status).Refuses(Reply(replyId: "rp-2"), RejectionReason.InvalidState);

    // ---- Resolution ----

    [Fact]
    public void The_handling_department_resolves_an_answered_ticket_and_starts_the_feedback_clock()
    {
        var (after, resolved) = Answered().Persists<TicketResolved>(Resolve());

        Assert.Equal(new TicketResolved(Ticket, Xihu, Staff(Xihu), ResolutionText, FeedbackDue, ResolvedAt), resolved);
        Assert.Equal(TicketStatuses.Resolved, after.Status);
        Assert.Equal(new SlaClock(TicketStages.Feedback, ResolvedAt, FeedbackDue, 0), after.Clock);
        Assert.Equal(new TimelineStep(ResolvedAt, TicketStatuses.Resolved, Xihu, ResolutionText, true), after.Timeline[^1]);
    }

    [Fact]
    public void The_handling_department_may_resolve_an_assigned_ticket_with_its_resolution_as_the_answer()
    {
        var (after, _) = Assigned().Persists<TicketResolved>(Resolve());

        Assert.Equal((TicketStatuses.Resolved, (DateTimeOffset?)null), (after.Status, after.FirstReplyAt));
    }

    [Theory]
    [InlineData("citizen")]
    [InlineData("moderator")]
    [InlineData("gongshu")]
    [InlineData("hangzhou")]
    [InlineData("staff of no department")]
    [InlineData("system")]
    public void Only_the_staff_of_the_handling_department_resolve(string who) =>
        Answered().Refuses(Resolve(Who(who)), RejectionReason.Forbidden);

    [Theory]
    [InlineData(TicketStatuses.Resolved)]
    [InlineData(TicketStatuses.Closed)]
    public void A_ticket_is_resolved_only_while_its_department_works_it(string status) =>
        In(status).Refuses(Resolve(at: ResolvedAt.AddHours(1)), RejectionReason.InvalidState);

    // ---- Feedback ----

    [Fact]
    public void A_satisfied_citizen_closes_the_resolved_ticket_with_the_rating_and_comment()
    {
        var (after, closed) = Resolved().Persists<TicketClosed>(Feedback(true, 5));

        Assert.Equal(new TicketClosed(Ticket, Citizen, true, 5, "修得很快，谢谢", FeedbackAt), closed);
        var view = after.View();
        Assert.Equal((TicketStatuses.Closed, (SlaClock?)null), (view.Status, view.Clock));
        Assert.Equal(new TicketFeedback(true, 5, "修得很快，谢谢", FeedbackAt), view.Feedback);
        Assert.Equal(new TimelineStep(FeedbackAt, TicketStatuses.Closed, TicketActorRoles.Citizen, "修得很快，谢谢", true), view.Timeline[^1]);
    }

    [Fact]
    public void An_unsatisfied_citizen_reopens_the_ticket_to_its_department_with_a_new_first_reply_clock()
    {
        var reopenDue = FeedbackAt.AddDays(2);

        var (after, reopened) = Resolved().Persists<TicketReopened>(Feedback(false, 2));

        Assert.Equal(new TicketReopened(Ticket, Xihu, Citizen, 2, "晚上还是不亮", reopenDue, FeedbackAt), reopened);
        Assert.Equal((TicketStatuses.Assigned, Xihu), (after.Status, after.DepartmentId));
        Assert.Equal(new SlaClock(TicketStages.FirstReply, FeedbackAt, reopenDue, 0), after.Clock);
        Assert.Equal(new TicketFeedback(false, 2, "晚上还是不亮", FeedbackAt), after.Feedback);
        Assert.Equal(new TimelineStep(FeedbackAt, TicketStatuses.Reopened, TicketActorRoles.Citizen, "晚上还是不亮", true), after.Timeline[^1]);

        // The department's next reply is the first of the reopening: it starts a new resolution clock.
        var again = FeedbackAt.AddDays(1);
        var (answered, replied) = after.Persists<TicketReplied>(Reply(replyId: "rp-2", at: again));
        Assert.True(replied.First);
        Assert.Equal(new SlaClock(TicketStages.Resolution, again, again.AddDays(5), 0), answered.Clock);
        Assert.Equal(RepliedAt, answered.FirstReplyAt);
    }

    [Theory]
    [InlineData("another citizen")]
    [InlineData("the citizen as a moderator")]
    [InlineData("the citizen as department staff")]
    [InlineData("moderator")]
    [InlineData("xihu")]
    [InlineData("system")]
    public void Only_the_citizen_who_filed_the_ticket_gives_feedback(string who)
    {
        var resolved = Resolved();

        resolved.Refuses(Feedback(true, 5, Who(who)), RejectionReason.Forbidden);
        resolved.Refuses(Feedback(false, 1, Who(who)), RejectionReason.Forbidden);
    }

    [Theory]
    [InlineData(TicketStatuses.Submitted)]
    [InlineData(TicketStatuses.Assigned)]
    [InlineData(TicketStatuses.Answered)]
    [InlineData(TicketStatuses.Closed)]
    [InlineData(TicketStatuses.Rejected)]
    [InlineData(TicketStatuses.Duplicate)]
    public void Feedback_follows_a_resolution(string status)
    {
        var ticket = In(status);

        ticket.Refuses(Feedback(true), RejectionReason.InvalidState);
        ticket.Refuses(Feedback(false, 1), RejectionReason.InvalidState);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void A_rating_outside_one_to_five_is_invalid(int rating)
    {
        var resolved = Resolved();

        resolved.Refuses(Feedback(true, rating), RejectionReason.Invalid);
        resolved.Refuses(Feedback(false, rating), RejectionReason.Invalid);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void The_ratings_at_the_ends_of_the_scale_are_accepted(int rating) =>
        Resolved().Persists<TicketClosed>(Feedback(true, rating));

    // ---- Transfer ----

    [Fact]
    public void The_handling_department_transfers_a_ticket_to_another_department_with_a_new_first_reply_clock()
    {
        var due = TransferredAt.AddDays(2);

        var (after, assigned) = Assigned().Persists<TicketAssigned>(Transfer(Gongshu));

        Assert.Equal(new TicketAssigned(Ticket, Gongshu, Xihu, Staff(Xihu), TransferReason, due, TransferredAt), assigned);
        Assert.Equal((TicketStatuses.Assigned, Gongshu), (after.Status, after.DepartmentId));
        Assert.Equal(new SlaClock(TicketStages.FirstReply, TransferredAt, due, 0), after.Clock);
        Assert.Equal([Gongshu, Xihu], after.Departments);
        Assert.Equal(new TimelineStep(TransferredAt, TicketStatuses.Transferred, Gongshu, TransferReason, true), after.Timeline[^1]);
        // The new department works it now; the former one no longer does.
        after.Refuses(Reply(), RejectionReason.Forbidden);
        after.Refuses(Resolve(), RejectionReason.Forbidden);
        after.Refuses(Transfer(Hangzhou), RejectionReason.Forbidden);
        after.Persists<TicketReplied>(Reply(Staff(Gongshu)));
    }

    [Fact]
    public void A_moderator_transfers_an_answered_ticket_and_the_new_departments_first_reply_starts_a_new_resolution_clock()
    {
        var at = RepliedAt.AddHours(3);

        var (after, assigned) = Answered().Persists<TicketAssigned>(Transfer(Hangzhou, Moderator, at));

        Assert.Equal((Hangzhou, (string?)Xihu, Moderator), (assigned.DepartmentId, assigned.FromDepartmentId, assigned.By));
        Assert.Equal(TicketStatuses.Assigned, after.Status);
        var later = at.AddHours(1);
        var (answered, replied) = after.Persists<TicketReplied>(Reply(Staff(Hangzhou), "rp-2", at: later));
        Assert.True(replied.First);
        Assert.Equal(new SlaClock(TicketStages.Resolution, later, later.AddDays(5), 0), answered.Clock);
    }

    [Theory]
    [InlineData("citizen")]
    [InlineData("another citizen")]
    [InlineData("gongshu")]
    [InlineData("hangzhou")]
    [InlineData("staff of no department")]
    [InlineData("system")]
    public void The_handling_department_or_a_moderator_transfers_a_ticket_and_nobody_else(string who)
    {
        Assigned().Refuses(Transfer(Gongshu, Who(who)), RejectionReason.Forbidden);
        Answered().Refuses(Transfer(Gongshu, Who(who)), RejectionReason.Forbidden);
    }

    [Theory]
    [InlineData("d-110000-roads")]
    [InlineData("")]
    [InlineData(Xihu)]
    public void A_transfer_goes_to_a_known_department_other_than_the_handling_one(string to)
    {
        Assigned().Refuses(Transfer(to), RejectionReason.Invalid);
        Assigned().Refuses(Transfer(to, Moderator), RejectionReason.Invalid);
    }

    [Theory]
    [InlineData(TicketStatuses.Submitted)]
    [InlineData(TicketStatuses.Resolved)]
    [InlineData(TicketStatuses.Closed)]
    [InlineData(TicketStatuses.Rejected)]
    [InlineData(TicketStatuses.Duplicate)]
    public void A_moderator_transfers_a_ticket_only_while_a_department_works_it(string status) =>
        In(status).Refuses(Transfer(Gongshu, Moderator), RejectionReason.InvalidState);

    [Theory]
    [InlineData(TicketStatuses.Resolved)]
    [InlineData(TicketStatuses.Closed)]
    public void The_department_that_resolved_a_ticket_no_longer_transfers_it(string status) =>
        In(status).Refuses(Transfer(Gongshu), RejectionReason.InvalidState);

    // ---- Privacy ----

    [Fact]
    public void The_citizen_changes_who_sees_the_ticket_without_a_timeline_step()
    {
        var filed = Filed();

        var (after, changed) = filed.Persists<TicketPrivacyChanged>(Privacy(false, false));

        Assert.Equal(new TicketPrivacyChanged(Ticket, new TicketPrivacy(false, false), FiledAt.AddHours(1)), changed);
        Assert.Equal(new TicketPrivacy(false, false), after.View().Privacy);
        Assert.Equal(filed.Timeline, after.Timeline);
        Assert.Equal(new TicketPrivacy(true, true), after.Given(Privacy(true, true)).Privacy);
    }

    [Fact]
    public void The_same_privacy_again_is_accepted_unchanged_with_no_event()
    {
        var filed = Filed();

        Assert.Equal(filed.Seq, filed.Unchanged(Privacy(true, false)));
    }

    [Theory]
    [InlineData("another citizen")]
    [InlineData("the citizen as a moderator")]
    [InlineData("moderator")]
    [InlineData("xihu")]
    [InlineData("system")]
    public void Only_the_citizen_who_filed_the_ticket_changes_who_sees_it(string who)
    {
        Assigned().Refuses(Privacy(false, false, Who(who)), RejectionReason.Forbidden);
        Assigned().Refuses(Privacy(true, false, Who(who)), RejectionReason.Forbidden);
    }

    [Fact]
    public void The_citizen_may_take_a_closed_ticket_out_of_public_view() =>
        Assert.False(Closed().Given(Privacy(false, false)).Privacy.Public);

    // ---- Timeline ----

    [Fact]
    public void The_timeline_from_filing_to_closing_records_who_when_and_why_and_never_a_staff_members_id()
    {
        var closed = Closed();

        Assert.Equal<TimelineStep>([
            new TimelineStep(FiledAt, TicketStatuses.Submitted, TicketActorRoles.Citizen, null, true),
            new TimelineStep(ReviewedAt, TicketStatuses.Accepted, TicketActorRoles.Moderator, AcceptReason, true),
            new TimelineStep(ReviewedAt, TicketStatuses.Assigned, Xihu, null, true),
            new TimelineStep(RepliedAt, TicketStatuses.Answered, Xihu, ReplyText, true),
            new TimelineStep(ResolvedAt, TicketStatuses.Resolved, Xihu, ResolutionText, true),
            new TimelineStep(FeedbackAt, TicketStatuses.Closed, TicketActorRoles.Citizen, "修得很快，谢谢", true),
        ], closed.View().Timeline);
        Assert.DoesNotContain(closed.Timeline, s => s.By.StartsWith("u-", StringComparison.Ordinal));
    }

    [Fact]
    public void The_timeline_of_a_transferred_reopened_escalated_and_self_closed_ticket_says_each_step()
    {
        var reopenDue = FeedbackAt.AddDays(2);
        var secondReply = FeedbackAt.AddDays(3);
        var secondResolution = secondReply.AddHours(1);
        var quietEnd = secondResolution.AddDays(7);

        var state = Filed().Given(AcceptTo(), Transfer(Gongshu), Reply(Staff(Gongshu), isPublic: false), Resolve(Staff(Gongshu)),
            Feedback(false, 2), Check(reopenDue), Reply(Staff(Gongshu), "rp-2", at: secondReply),
            Resolve(Staff(Gongshu), secondResolution), Check(quietEnd));

        Assert.Equal<TimelineStep>([
            new TimelineStep(FiledAt, TicketStatuses.Submitted, TicketActorRoles.Citizen, null, true),
            new TimelineStep(ReviewedAt, TicketStatuses.Accepted, TicketActorRoles.Moderator, AcceptReason, true),
            new TimelineStep(ReviewedAt, TicketStatuses.Assigned, Xihu, null, true),
            new TimelineStep(TransferredAt, TicketStatuses.Transferred, Gongshu, TransferReason, true),
            new TimelineStep(RepliedAt, TicketStatuses.Answered, Gongshu, ReplyText, false),
            new TimelineStep(ResolvedAt, TicketStatuses.Resolved, Gongshu, ResolutionText, true),
            new TimelineStep(FeedbackAt, TicketStatuses.Reopened, TicketActorRoles.Citizen, "晚上还是不亮", true),
            new TimelineStep(reopenDue, TicketStatuses.Escalated, TicketActorRoles.System, Hangzhou, false),
            new TimelineStep(secondReply, TicketStatuses.Answered, Gongshu, ReplyText, true),
            new TimelineStep(secondResolution, TicketStatuses.Resolved, Gongshu, ResolutionText, true),
            new TimelineStep(quietEnd, TicketStatuses.Closed, TicketActorRoles.System, null, true),
        ], state.View().Timeline);
        Assert.Equal([Hangzhou, Gongshu, Xihu], state.Departments);
        Assert.Equal(new TicketFeedback(null, null, null, quietEnd), state.Feedback);
    }

    // ---- SLA ----

    [Fact]
    public void Before_the_due_time_a_check_changes_nothing()
    {
        var assigned = Assigned();

        Assert.Equal(assigned.Seq, assigned.Unchanged(Check(ReviewedAt)));
        Assert.Equal(assigned.Seq, assigned.Unchanged(Check(ReplyDue.AddTicks(-1))));
    }

    [Fact]
    public void At_the_due_time_of_a_county_departments_first_reply_the_ticket_is_flagged_to_the_citys_department_of_its_category()
    {
        Assert.Equal(Hangzhou, DepartmentDirectory.SupervisorAt(Xihu, 1));

        var (after, escalated) = Assigned().Persists<TicketEscalated>(Check(ReplyDue));

        Assert.Equal(new TicketEscalated(Ticket, 1, TicketStages.FirstReply, Hangzhou, ReplyDue, ReplyDue), escalated);
        var view = after.View();
        Assert.Equal(new SlaClock(TicketStages.FirstReply, ReviewedAt, ReplyDue, 1), view.Clock);
        Assert.Equal<TicketEscalation>([new TicketEscalation(1, TicketStages.FirstReply, Hangzhou, ReplyDue)], view.Escalations);
        Assert.Equal([Hangzhou, Xihu], after.Departments);
        Assert.Equal((TicketStatuses.Assigned, Xihu), (view.Status, view.DepartmentId));
    }

    [Fact]
    public void Each_level_is_flagged_once_so_checking_again_changes_nothing_until_the_next_level_is_due()
    {
        var escalated = Assigned().Given(Check(ReplyDue));
        var secondLevelAt = ReplyDue + (ReplyDue - ReviewedAt);

        Assert.Equal(escalated.Seq, escalated.Unchanged(Check(ReplyDue)));
        Assert.Equal(escalated.Seq, escalated.Unchanged(Check(secondLevelAt.AddTicks(-1))));
    }

    [Fact]
    public void At_the_due_time_plus_the_stages_allowance_again_the_ticket_is_flagged_to_the_provinces_department_once()
    {
        var secondLevelAt = ReplyDue + (ReplyDue - ReviewedAt);

        var (after, escalated) = Assigned().Given(Check(ReplyDue)).Persists<TicketEscalated>(Check(secondLevelAt));

        Assert.Equal(new TicketEscalated(Ticket, 2, TicketStages.FirstReply, Zhejiang, ReplyDue, secondLevelAt), escalated);
        Assert.Equal(2, after.Clock!.Level);
        Assert.Null(after.Clock.NextEscalationAt);
        Assert.Equal([Zhejiang, Hangzhou, Xihu], after.Departments);
        Assert.Equal(after.Seq, after.Unchanged(Check(secondLevelAt)));
        Assert.Equal(after.Seq, after.Unchanged(Check(FiledAt.AddYears(1))));
    }

    [Fact]
    public void A_check_long_after_both_levels_were_due_flags_both_in_one_decision_in_order()
    {
        var late = ReplyDue.AddDays(30);

        var (after, events) = Assigned().Persists(Check(late));

        Assert.Equal<ICommunityEvent>([
            new TicketEscalated(Ticket, 1, TicketStages.FirstReply, Hangzhou, ReplyDue, late),
            new TicketEscalated(Ticket, 2, TicketStages.FirstReply, Zhejiang, ReplyDue, late),
        ], events);
        Assert.Equal([1, 2], after.Escalations.Select(e => e.Level));
        Assert.Equal(after.Seq, after.Unchanged(Check(late.AddDays(1))));
    }

    [Fact]
    public void An_overdue_resolution_is_flagged_up_the_tiers_like_the_first_reply()
    {
        var (_, escalated) = Answered().Persists<TicketEscalated>(Check(ResolveDue));

        Assert.Equal(new TicketEscalated(Ticket, 1, TicketStages.Resolution, Hangzhou, ResolveDue, ResolveDue), escalated);
    }

    [Fact]
    public void A_city_departments_ticket_is_flagged_to_the_province_once_and_its_second_level_to_the_moderators_only()
    {
        var assigned = Filed().Given(AcceptTo(Hangzhou));
        var secondLevelAt = ReplyDue + (ReplyDue - ReviewedAt);

        var (first, level1) = assigned.Persists<TicketEscalated>(Check(ReplyDue));
        var (second, level2) = first.Persists<TicketEscalated>(Check(secondLevelAt));

        Assert.Equal((1, (string?)Zhejiang), (level1.Level, level1.SupervisorId));
        Assert.Equal((2, (string?)null), (level2.Level, level2.SupervisorId));
        Assert.Equal([Zhejiang, Hangzhou], second.Departments);
        Assert.Equal(second.Seq, second.Unchanged(Check(FiledAt.AddYears(1))));
    }

    [Fact]
    public void A_province_departments_ticket_has_no_tier_above_and_is_flagged_to_the_moderators_only()
    {
        var (after, events) = Filed().Given(AcceptTo(Zhejiang)).Persists(Check(FiledAt.AddYears(1)));

        Assert.Equal([(1, (string?)null), (2, null)], events.Cast<TicketEscalated>().Select(e => (e.Level, e.SupervisorId)));
        Assert.Equal([Zhejiang], after.Departments);
    }

    [Fact]
    public void An_overdue_review_is_flagged_to_the_moderators_only_at_both_levels()
    {
        var filed = Filed();

        var (first, level1) = filed.Persists<TicketEscalated>(Check(AcceptDue));
        var (second, level2) = first.Persists<TicketEscalated>(Check(AcceptDue + (AcceptDue - FiledAt)));

        Assert.Equal(new TicketEscalated(Ticket, 1, TicketStages.Acceptance, null, AcceptDue, AcceptDue), level1);
        Assert.Equal(new TicketEscalated(Ticket, 2, TicketStages.Acceptance, null, AcceptDue, AcceptDue.AddDays(1)), level2);
        Assert.Empty(second.Departments);
        Assert.Equal(TicketStatuses.Submitted, second.Status);
        // The moderator still reviews it, and the department's clock starts from nothing.
        var accepted = second.Given(AcceptTo(replyDue: AcceptDue.AddDays(3)) with { At = AcceptDue.AddDays(1) });
        Assert.Equal(new SlaClock(TicketStages.FirstReply, AcceptDue.AddDays(1), AcceptDue.AddDays(3), 0), accepted.Clock);
    }

    [Fact]
    public void A_transfer_starts_a_fresh_clock_whose_levels_are_flagged_again_to_the_new_departments_tiers()
    {
        var escalated = Assigned().Given(Check(ReplyDue));
        var at = ReplyDue.AddHours(1);
        var transferred = escalated.Given(Transfer(Gongshu, Moderator, at));
        var newDue = at.AddDays(2);

        Assert.Equal(transferred.Seq, transferred.Unchanged(Check(ReplyDue + (ReplyDue - ReviewedAt))));
        var (_, again) = transferred.Persists<TicketEscalated>(Check(newDue));
        Assert.Equal(new TicketEscalated(Ticket, 1, TicketStages.FirstReply, Hangzhou, newDue, newDue), again);
    }

    [Fact]
    public void A_resolved_ticket_closes_by_itself_once_the_quiet_period_is_over_with_no_satisfaction_and_no_rating()
    {
        var resolved = Resolved();

        Assert.Equal(resolved.Seq, resolved.Unchanged(Check(FeedbackDue.AddTicks(-1))));
        var (after, closed) = resolved.Persists<TicketClosed>(Check(FeedbackDue));

        Assert.Equal(new TicketClosed(Ticket, TicketActor.System, null, null, null, FeedbackDue), closed);
        Assert.Equal((TicketStatuses.Closed, (SlaClock?)null), (after.Status, after.Clock));
        Assert.Equal(new TicketFeedback(null, null, null, FeedbackDue), after.Feedback);
        Assert.Equal(new TimelineStep(FeedbackDue, TicketStatuses.Closed, TicketActorRoles.System, null, true), after.Timeline[^1]);
        Assert.Empty(after.Escalations);
    }

    [Fact]
    public void A_resolved_ticket_checked_long_after_its_quiet_period_is_closed_and_never_escalated()
    {
        var late = FeedbackDue.AddDays(60);

        var (after, closed) = Resolved().Persists<TicketClosed>(Check(late));

        Assert.Equal((null, null, late), (closed.Satisfied, closed.Rating, closed.At));
        Assert.Equal(after.Seq, after.Unchanged(Check(late.AddDays(1))));
    }

    [Theory]
    [InlineData(TicketStatuses.Closed)]
    [InlineData(TicketStatuses.Rejected)]
    [InlineData(TicketStatuses.Duplicate)]
    public void A_final_ticket_never_escalates(string status)
    {
        var final = In(status);

        foreach (var now in new[] { AcceptDue, ReplyDue, ResolveDue, FeedbackDue, FiledAt.AddYears(1) })
            Assert.Equal(final.Seq, final.Unchanged(Check(now)));
    }

    // ---- Live ----

    [Fact]
    public void No_live_event_of_a_tickets_whole_life_carries_the_phone_the_address_the_citizens_name_or_a_user_id()
    {
        var reopenDue = FeedbackAt.AddDays(2);
        ICommunityMessage[] life =
        [
            Samples.Ticket(Id), Check(AcceptDue), AcceptTo(), Transfer(Gongshu), Reply(Staff(Gongshu)), Reply(Staff(Gongshu), "rp-2", false),
            Resolve(Staff(Gongshu)), Feedback(false, 2), Check(reopenDue.AddDays(10)), Privacy(false, true),
            Reply(Staff(Gongshu), "rp-3", at: reopenDue.AddDays(11)), Resolve(Staff(Gongshu), reopenDue.AddDays(12)), Feedback(true, 4, at: reopenDue.AddDays(13)),
        ];
        var state = Nothing;
        var kinds = new List<string>();
        foreach (var command in life)
        {
            foreach (var evt in state.Decide(command).Events)
            {
                state = state.Apply(evt);
                var live = state.Live(evt);
                kinds.Add(live.Kind);
                foreach (var secret in new[] { "13800000000", "文三路", "市民小王", "u-citizen", "u-staff", "u-mod" })
                    Assert.DoesNotContain(secret, live.DataJson, StringComparison.Ordinal);
            }
        }

        Assert.Equal(["filed", "escalated", "accepted", "assigned", "transferred", "replied", "replied", "resolved", "reopened", "escalated",
            "escalated", "privacyChanged", "replied", "resolved", "closed"], kinds);
    }

    [Fact]
    public void A_public_replys_text_is_in_its_live_event_and_a_private_replys_is_not()
    {
        var (answered, publicReply) = Assigned().Persists<TicketReplied>(Reply());
        var (after, privateReply) = answered.Persists<TicketReplied>(Reply(replyId: "rp-2", isPublic: false, text: "内部：已联系施工单位"));

        var shown = answered.Live(publicReply).Data();
        Assert.Equal(("replied", ReplyText, true, Xihu), (answered.Live(publicReply).Kind, shown.GetProperty("text").GetString(),
            shown.GetProperty("public").GetBoolean(), shown.GetProperty("departmentId").GetString()));
        var hidden = after.Live(privateReply);
        Assert.DoesNotContain("内部", hidden.DataJson, StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, hidden.Data().GetProperty("text").ValueKind);
        Assert.False(hidden.Data().GetProperty("public").GetBoolean());
    }

    [Fact]
    public void An_automatic_close_is_told_live_as_automatic_and_a_citizens_close_with_the_rating()
    {
        var resolved = Resolved();
        var (byItself, automatic) = resolved.Persists<TicketClosed>(Check(FeedbackDue));
        var (byCitizen, rated) = resolved.Persists<TicketClosed>(Feedback(true, 4));

        var quiet = byItself.Live(automatic).Data();
        Assert.True(quiet.GetProperty("automatic").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, quiet.GetProperty("rating").ValueKind);
        var told = byCitizen.Live(rated).Data();
        Assert.Equal((false, 4, true), (told.GetProperty("automatic").GetBoolean(), told.GetProperty("rating").GetInt32(),
            told.GetProperty("satisfied").GetBoolean()));
    }

    [Fact]
    public void A_new_ticket_is_sent_to_the_moderators_and_an_assignment_to_the_departments_stream()
    {
        var (filed, filing) = Nothing.Persists<TicketFiled>(Samples.Ticket(Id));
        Assert.Equal(["moderators"], filed.AlsoLiveOn(filing));

        var (assigned, events) = filed.Persists(AcceptTo());

        Assert.Empty(assigned.AlsoLiveOn(events[0]));
        Assert.Equal([$"dept:{Xihu}"], assigned.AlsoLiveOn(events[1]));
        var live = assigned.Live(events[1]).Data();
        Assert.Equal((Xihu, ReplyDue), (live.GetProperty("departmentId").GetString(), live.GetProperty("dueAt").GetDateTimeOffset()));
    }

    [Fact]
    public void A_transfer_is_sent_to_both_departments()
    {
        var (after, assigned) = Assigned().Persists<TicketAssigned>(Transfer(Gongshu));

        Assert.Equal([$"dept:{Gongshu}", $"dept:{Xihu}"], after.AlsoLiveOn(assigned));
        var live = after.Live(assigned);
        Assert.Equal(("transferred", Gongshu, Xihu, TransferReason), (live.Kind, live.Data().GetProperty("departmentId").GetString(),
            live.Data().GetProperty("fromDepartmentId").GetString(), live.Data().GetProperty("text").GetString()));
    }

    [Fact]
    public void An_escalation_is_sent_to_the_moderators_the_supervisors_stream_and_the_handling_departments()
    {
        var (after, events) = Assigned().Persists(Check(ReplyDue.AddDays(30)));

        Assert.Equal(["moderators", $"dept:{Hangzhou}", $"dept:{Xihu}"], after.AlsoLiveOn(events[0]));
        Assert.Equal(["moderators", $"dept:{Zhejiang}", $"dept:{Xihu}"], after.AlsoLiveOn(events[1]));
        var live = after.Live(events[1]).Data();
        Assert.Equal((2, TicketStages.FirstReply, Zhejiang), (live.GetProperty("level").GetInt32(), live.GetProperty("stage").GetString(),
            live.GetProperty("supervisorId").GetString()));
    }

    [Fact]
    public void An_overdue_review_is_sent_to_the_moderators_alone()
    {
        var (after, escalated) = Filed().Persists<TicketEscalated>(Check(AcceptDue));

        Assert.Equal(["moderators"], after.AlsoLiveOn(escalated));
    }

    [Fact]
    public void What_the_handling_department_must_see_is_sent_to_its_stream()
    {
        var (answered, replied) = Assigned().Persists<TicketReplied>(Reply());
        var (resolved, resolution) = answered.Persists<TicketResolved>(Resolve());
        var (reopened, reopening) = resolved.Persists<TicketReopened>(Feedback(false, 2));
        var (closed, closing) = resolved.Persists<TicketClosed>(Feedback(true, 5));
        var (hidden, privacy) = answered.Persists<TicketPrivacyChanged>(Privacy(false, false));

        foreach (var (after, evt) in new (HelpTicketState, ICommunityEvent)[]
                 {
                     (answered, replied), (resolved, resolution), (reopened, reopening), (closed, closing), (hidden, privacy),
                 })
            Assert.Equal([$"dept:{Xihu}"], after.AlsoLiveOn(evt));
    }
}
