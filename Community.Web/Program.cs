using Community.Web.Behavior;
using Community.Web.Circles;
using Community.Web.Creators;
using Community.Web.HelpTickets;
using Community.Web.Hosting;
using Community.Web.Moderation;
using Community.Web.Users;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommunityWeb()
    .AddUsersArea()
    .AddCirclesArea()
    .AddCreatorsArea()
    .AddBehaviorArea()
    .AddHelpTicketsArea()
    .AddModerationArea();

var app = builder.Build();
app.UseCommunityWeb();
app.Run();

/// <summary>Entry point; public so tests can host it.</summary>
public partial class Program;
