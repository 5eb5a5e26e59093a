home-title = Welcome
home-intro = A meeting place for harm-reduction workers, agencies, organisations, people who use drugs and their organisations: to discuss needs and issues, share information and support one another.
home-privacy = You can take part under a pseudonym. We do not store your IP address, and this site loads nothing from other sites.
home-welcome-back = Welcome back, { $name }.
home-join = Join the network
home-setup-title = Finish setting up
home-setup-intro = No administrator exists yet. Create the first one with the setup code shown in the console where Rendezvous was started.
home-setup-link = Create the first administrator
home-next-title = Your next step
home-join-explain = Joining has two parts. An account is yours at once: it lets you log in, subscribe to news and take part in the open discussions. Membership of the network comes after, if you want it: the team reviews each application, and members can use the members’ forum and the directory.
home-step-account = Create your account: an email address, a name (a pseudonym is fine) and a password.
home-step-verify = Confirm your address with the link we send you by email. Then you can log in.
home-step-apply = If you wish, apply for membership from the home page once you are logged in.
home-next-apply = You have an account. Next, if you wish: apply for membership of the network, to use the members’ forum and the directory.
home-next-apply-link = Apply for membership
home-next-pending = Your membership application is waiting for the team’s review. We will write to you when it is decided; meanwhile you can take part in the open discussions.
home-next-answer = The team asked you a question about your membership application. Answer it so that they can decide.
home-next-answer-link = Answer the question
home-next-renew = Your membership has run out. Renew it to use the members’ forum and the directory again.
home-next-member = You are a member of the network. Where to go next:
home-next-forum = The forum
home-next-directory = The members’ directory
home-next-membership = Your membership
home-alerts = Current drug-supply alerts
home-alerts-region = Current drug-supply alerts: { $region }
home-alerts-all = All alerts, and choose your region
home-about-more = More about the network
home-unread = { $count ->
    [one] { $count } unread notification
   *[other] { $count } unread notifications
}
home-news = Latest news
home-events = Next events
home-resources = New in the library
home-jobs = Open jobs
home-mailing = Our latest mailing
home-see-all = See all
