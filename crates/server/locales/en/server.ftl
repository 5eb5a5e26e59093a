home-title = Welcome
home-intro = A meeting place for harm-reduction workers, agencies, organisations, people who use drugs and their organisations: to discuss needs and issues, share information and support one another.
home-privacy = You can take part under a pseudonym. We do not store your IP address, and this site loads nothing from other sites.
home-welcome-back = Welcome back, { $name }.
home-join = Join the network
home-setup-title = Finish setting up
home-setup-intro = No administrator exists yet. Create the first one with the setup code shown in the console where Rendezvous was started.
home-setup-link = Create the first administrator
