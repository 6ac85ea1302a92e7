export default function HomePage() {
  return (
    <main>
      <h1>StoryStream</h1>
      <p>Stories for families, written as you watch.</p>
    </main>
  );
}
