import express from 'express'
import passport from 'passport'
import { Strategy as LocalStrategy } from 'passport-local'
import { MemoryStore } from '@sessionguard/session'
import { expressSession } from '@sessionguard/session/express-session'

// Stand-in for your user database.
const users = [{ id: '1', username: 'alice', password: 'wonderland' }]
type User = (typeof users)[number]

passport.use(
  new LocalStrategy((username, password, done) =>
    done(null, users.find((u) => u.username === username && u.password === password) ?? false),
  ),
)
passport.serializeUser((user, done) => done(null, (user as User).id))
passport.deserializeUser((id: string, done) => done(null, users.find((u) => u.id === id) ?? false))

const app = express()
app.use(express.urlencoded({ extended: false }))
// was: app.use(session({ secret: process.env.SESSION_SECRET!, resave: false, saveUninitialized: false, store: new RedisStore({ client }) }))
app.use(
  expressSession({
    secret: process.env.SESSION_SECRET ?? 'dev-only-secret',
    store: new MemoryStore(),
    cookie: { secure: process.env.NODE_ENV === 'production' },
  }),
)
app.use(passport.session())

app.post('/login', passport.authenticate('local', { successRedirect: '/account', failureRedirect: '/login' }))
app.get('/account', (req, res) => {
  if (!req.user) return void res.status(401).send('please log in')
  res.send(`hello ${(req.user as User).username}`)
})
app.post('/logout', (req, res, next) => req.logout((err) => (err ? next(err) : res.redirect(303, '/'))))

export default app
